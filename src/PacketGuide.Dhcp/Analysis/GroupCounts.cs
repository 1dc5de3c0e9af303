namespace PacketGuide.Dhcp.Analysis;

/// <summary>Counts for one value of a grouping key (a server, a subnet, a relay or interface).</summary>
public sealed record GroupCounts(string Key, KindCounts ByKind)
{
    public long Events => ByKind.Total;
}
