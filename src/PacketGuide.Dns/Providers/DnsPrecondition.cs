namespace PacketGuide.Dns.Providers;

/// <summary>
/// What an RRset must be for a change list to apply: exactly <see cref="Values"/> (TTL aside), or absent when there are
/// none. RFC 2136 sends it as a prerequisite that the server checks in the same message as the changes; PowerDNS's API
/// has no such thing, so that provider compares just before its PATCH (<see cref="IDnsProvider.PreconditionsAreAtomic"/>).
/// </summary>
public sealed record DnsPrecondition(string Name, string Type, IReadOnlyList<string> Values)
{
    /// <summary>NAME/TYPE must not exist.</summary>
    public static DnsPrecondition Absent(string name, string type) => new(name, type, []);

    /// <summary>NAME/TYPE must be what <paramref name="set"/> is (its values), or absent when it is null.</summary>
    public static DnsPrecondition Matching(string name, string type, DnsRecordSet? set) => new(name, type, set?.Values ?? []);

    /// <summary>Whether <paramref name="current"/> (the RRset NAME/TYPE as it is, null when absent) meets the condition.</summary>
    public bool HoldsFor(DnsRecordSet? current)
    {
        var values = current?.Values ?? [];
        return values.Order(StringComparer.Ordinal).SequenceEqual(Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public override string ToString() => Values.Count == 0 ? $"{Name} {Type} absent" : $"{Name} {Type} = {string.Join(" | ", Values)}";
}
