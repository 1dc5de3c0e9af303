namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// The DS RRset for the zone at its parent, when the same server is authoritative for the parent too.
/// </summary>
/// <param name="ParentIsLocal">The server answered the DS question from a parent zone it serves.</param>
/// <param name="Ds">The parent's DS records (text), empty when it has none.</param>
/// <param name="MatchingKeyTags">Key tags of the zone's SEP keys that a DS matches (digest checked, not just the tag).</param>
public sealed record ParentDsCheck(bool ParentIsLocal, IReadOnlyList<string> Ds, IReadOnlyList<int> MatchingKeyTags)
{
    public static ParentDsCheck NotLocal { get; } = new(false, [], []);

    /// <summary>The parent has DS records and none of them matches a key signing key: validators see the zone as bogus.</summary>
    public bool Mismatch => ParentIsLocal && Ds.Count > 0 && MatchingKeyTags.Count == 0;
}
