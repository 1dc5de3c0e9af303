namespace PacketGuide.Dhcp.Analysis;

/// <summary>One row of Kea's <c>stat-lease4-get</c>/<c>stat-lease6-get</c> result set.</summary>
public sealed record KeaSubnetStatistics(string Subnet, long TotalAddresses, long AssignedAddresses, long DeclinedAddresses)
{
    /// <summary>Assigned share of the pool, 0..1 (0 when the pool is empty).</summary>
    public double Utilization => TotalAddresses > 0 ? (double)AssignedAddresses / TotalAddresses : 0;
}
