using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Leases;

/// <summary>A counter of leases: one per configured pool, one per subnet for leases outside its pools.</summary>
internal sealed class LeaseBucket(int subnet, AddressPool? pool, PrefixDelegationPool? prefixPool)
{
    /// <summary>Index of the <see cref="SubnetCounters"/> the bucket belongs to.</summary>
    public int Subnet { get; } = subnet;

    public AddressPool? Pool { get; } = pool;

    public PrefixDelegationPool? PrefixPool { get; } = prefixPool;

    public long Assigned { get; set; }

    public long Declined { get; set; }

    /// <summary>Where the pool is defined, as text (made once: utilization reports ask for it every time).</summary>
    public string Location { get; } = pool?.Location.ToString() ?? prefixPool?.Location.ToString() ?? "";

    /// <summary>The pool's range for listings; null for the outside-pools bucket.</summary>
    public string? Range { get; } = pool is not null ? $"{pool.First}-{pool.Last}"
        : prefixPool is not null ? prefixPool.Prefix is { } p ? $"{p} delegated /{prefixPool.DelegatedLength}" : $"{prefixPool.First}-{prefixPool.Last} /{prefixPool.DelegatedLength}"
        : null;
}
