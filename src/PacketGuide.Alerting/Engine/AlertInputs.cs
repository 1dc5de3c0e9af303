namespace PacketGuide.Alerting.Engine;

/// <summary>
/// The state rules read at each evaluation, besides the DHCP events counted as they come: subnet utilization, the
/// pipeline's line counters, the last DNS validation per zone, and the Kea control API's health.
/// </summary>
public sealed record AlertInputs
{
    public IReadOnlyList<SubnetUse> Subnets { get; init; } = [];

    /// <summary>Log lines PacketGuide could not read since the start (a counter: the rule looks at its increase).</summary>
    public long UnparsedLines { get; init; }

    public IReadOnlyList<ZoneHealth> Zones { get; init; } = [];

    /// <summary>The Kea control API reconciled with (null: none configured).</summary>
    public string? KeaTarget { get; init; }

    /// <summary>Whether the last reconciliation reached Kea (null: not tried yet).</summary>
    public bool? KeaUp { get; init; }

    public string? KeaError { get; init; }
}

/// <summary>One subnet's utilization: assigned over total addresses (ratio null when the total is unknown).</summary>
public sealed record SubnetUse(string Subnet, long Assigned, UInt128 Total, double? Ratio);

/// <summary>One zone's last DNS validation: error findings, signature expiry, serial lag per server.</summary>
public sealed record ZoneHealth(string Zone, int Errors, double? RrsigExpirySeconds, IReadOnlyDictionary<string, long> SerialLag);
