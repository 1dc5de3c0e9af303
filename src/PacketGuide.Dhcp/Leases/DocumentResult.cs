using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Leases;

/// <summary>What a whole-document input (lease file, saved API response) produced.</summary>
internal sealed class DocumentResult(SummaryBuilder summary)
{
    public SummaryBuilder Summary { get; } = summary;

    public List<LeaseEvent> Events { get; } = [];

    public long Lines { get; set; }

    public List<KeaSubnetStatistics> KeaSubnets { get; } = [];

    public Dictionary<string, long> KeaStatistics { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the final state of each lease (last record per address wins), in time order.</summary>
    public void AddLeases(IEnumerable<LeaseEvent> latestPerAddress)
    {
        foreach (var e in latestPerAddress.OrderBy(e => e.Time ?? DateTimeOffset.MinValue).ThenBy(e => e.Source.Line))
        {
            Summary.Add(e);
            Events.Add(e);
        }
    }
}
