namespace PacketGuide.Dns.Providers;

/// <summary>Facts about a whole zone's RRsets.</summary>
public static class DnsRecordSets
{
    /// <summary>The TTL most RRsets have (the smaller on a tie), or <paramref name="fallback"/> for none: the zone's default TTL.</summary>
    public static int CommonTtl(IReadOnlyCollection<DnsRecordSet> sets, int fallback)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return sets.Count == 0 ? fallback : sets.GroupBy(s => s.Ttl).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    }
}
