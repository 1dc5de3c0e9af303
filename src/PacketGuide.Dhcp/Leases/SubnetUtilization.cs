namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// How full one subnet is, with Kea's definitions: <see cref="Assigned"/> counts every address lease in the subnet
/// (out-of-pool reservations included) and <see cref="Total"/> counts the pools' addresses, so the ratio can pass 100 %.
/// Without a configuration the subnet is the label the log gave (Kea's subnet id, dhcpd's network) and totals are 0.
/// </summary>
public sealed record SubnetUtilization
{
    /// <summary>The configured prefix (e.g. <c>10.0.0.0/24</c>), or the log's label when no configuration is known.</summary>
    public required string Subnet { get; init; }

    /// <summary>Kea's subnet id, when known.</summary>
    public long? Id { get; init; }

    public string? SharedNetwork { get; init; }

    /// <summary>False when the subnet is only known from events (no configuration names it): totals are unknown.</summary>
    public required bool Configured { get; init; }

    public required UInt128 Total { get; init; }

    public required long Assigned { get; init; }

    public required long Declined { get; init; }

    /// <summary>Leases in the subnet but outside its pools (host reservations, or pools changed since).</summary>
    public required long OutsidePools { get; init; }

    public required IReadOnlyList<PoolUtilization> Pools { get; init; }

    /// <summary>Delegable prefixes (DHCPv6 pd-pools) and how many are delegated.</summary>
    public UInt128 TotalPrefixes { get; init; }

    public long AssignedPrefixes { get; init; }

    public IReadOnlyList<PoolUtilization> PrefixPools { get; init; } = [];

    /// <summary>Assigned / total, or null when the total is unknown or zero.</summary>
    public double? Ratio => UtilizationMath.Ratio(Assigned, Total);
}
