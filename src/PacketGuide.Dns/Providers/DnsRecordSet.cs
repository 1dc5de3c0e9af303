namespace PacketGuide.Dns.Providers;

/// <summary>
/// An RRset as providers hold it: owner name (absolute, trailing dot), type, TTL, and the values in zone-file presentation
/// (<c>192.0.2.1</c>, <c>10 mail.example.com.</c>, <c>"v=spf1 -all"</c>), names in values absolute.
/// </summary>
public sealed record DnsRecordSet(string Name, string Type, int Ttl, IReadOnlyList<string> Values)
{
    /// <summary>Same owner, type, TTL and values (values compared as a set: servers do not keep their order).</summary>
    public bool SameAs(DnsRecordSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
            && Ttl == other.Ttl
            && Values.Order(StringComparer.Ordinal).SequenceEqual(other.Values.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public override string ToString() => $"{Name} {Ttl} {Type} {string.Join(" | ", Values)}";
}
