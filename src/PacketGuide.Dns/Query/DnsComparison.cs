namespace PacketGuide.Dns.Query;

/// <summary>
/// The same question's answers from several servers side by side: the quickest check that secondaries agree. Records are
/// compared by owner, type and data; TTLs are shown but do not count (caches and secondaries count them down).
/// </summary>
public sealed class DnsComparison
{
    private DnsComparison(IReadOnlyList<DnsExchange> exchanges, IReadOnlyList<DnsComparisonRow> rows, bool agree)
    {
        Exchanges = exchanges;
        Rows = rows;
        Agree = agree;
    }

    /// <summary>One exchange per server, in the order the servers were given.</summary>
    public IReadOnlyList<DnsExchange> Exchanges { get; }

    /// <summary>Every answer record any server gave, in first-seen order.</summary>
    public IReadOnlyList<DnsComparisonRow> Rows { get; }

    /// <summary>All servers answered, with the same RCODE and the same records.</summary>
    public bool Agree { get; }

    /// <summary>Compares the exchanges of one question (one per server).</summary>
    public static DnsComparison Of(IReadOnlyList<DnsExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var rows = new List<DnsComparisonRow>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < exchanges.Count; s++)
        {
            foreach (var record in exchanges[s].Answers)
            {
                var key = $"{record.Name.ToLowerInvariant()} {record.Type} {record.Data}";
                if (!index.TryGetValue(key, out var row))
                {
                    row = rows.Count;
                    index[key] = row;
                    rows.Add(new DnsComparisonRow(record.Name, record.Type, record.Data, new long?[exchanges.Count]));
                }

                rows[row].Ttls[s] = record.Ttl;
            }
        }

        var agree = exchanges.All(e => e.Answered)
            && exchanges.Select(e => e.ResponseCode).Distinct(StringComparer.Ordinal).Count() == 1
            && rows.All(r => r.Ttls.All(t => t.HasValue));
        return new DnsComparison(exchanges, rows, agree);
    }
}

/// <summary>One answer record and, per server, its TTL there (null: that server did not give it).</summary>
public sealed record DnsComparisonRow(string Name, string Type, string Data, long?[] Ttls)
{
    public bool OnEveryServer => Ttls.All(t => t.HasValue);
}
