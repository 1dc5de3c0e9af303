using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Leases;

/// <summary>A subnet the tracker counts for: a configured one, or a label that only the events named.</summary>
internal sealed class SubnetCounters(DhcpSubnet? config, string label, long? id)
{
    public DhcpSubnet? Config { get; } = config;

    /// <summary>The configured prefix as text, or the events' label.</summary>
    public string Label { get; } = label;

    public long? Id { get; } = id;

    public List<int> PoolBuckets { get; } = [];

    public List<int> PrefixPoolBuckets { get; } = [];

    /// <summary>The bucket for leases in the subnet but in none of its pools.</summary>
    public int OutsideBucket { get; set; } = -1;
}
