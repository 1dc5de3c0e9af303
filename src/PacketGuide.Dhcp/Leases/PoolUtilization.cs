namespace PacketGuide.Dhcp.Leases;

/// <summary>How full one configured pool is. For a prefix-delegation pool the counts are prefixes.</summary>
/// <param name="Range">The pool as <c>first-last</c>, or <c>prefix/len delegated /N</c> for a prefix-delegation pool.</param>
/// <param name="Total">Addresses (or prefixes) the pool holds; saturates at UInt128.MaxValue.</param>
/// <param name="Assigned">Leases in the pool, declined addresses included (Kea counts them as assigned).</param>
/// <param name="Declined">Declined addresses in the pool.</param>
/// <param name="Location">Where the pool is defined.</param>
public sealed record PoolUtilization(string Range, UInt128 Total, long Assigned, long Declined, string Location)
{
    /// <summary>Assigned / total, or null for an empty pool.</summary>
    public double? Ratio => UtilizationMath.Ratio(Assigned, Total);
}
