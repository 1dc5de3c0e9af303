namespace PacketGuide.Server.Api;

/// <summary>A subnet's utilization as <c>GET /api/v1/subnets</c> returns it.</summary>
public sealed record SubnetView(
    string Subnet,
    long? Id,
    string? SharedNetwork,
    bool Configured,
    decimal Total,
    long Assigned,
    long Declined,
    double? Utilization,
    string Level,
    IReadOnlyList<PoolView> Pools)
{
    /// <summary>The ratio from which <see cref="Level"/> is warn (<c>serve.utilization.warn</c>).</summary>
    public double WarnAt { get; init; }

    /// <summary>The ratio from which <see cref="Level"/> is critical (<c>serve.utilization.critical</c>).</summary>
    public double CriticalAt { get; init; }
}
