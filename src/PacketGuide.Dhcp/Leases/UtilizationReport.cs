namespace PacketGuide.Dhcp.Leases;

/// <summary>Pool and subnet utilization at one moment, from a <see cref="LeaseTracker"/>.</summary>
/// <param name="At">The moment: leases that expired before it are gone.</param>
/// <param name="ActiveLeases">Leases held (declined addresses not included).</param>
/// <param name="DeclinedAddresses">Addresses in decline probation.</param>
/// <param name="Subnets">Configured subnets in configuration order, then subnets only the events named.</param>
public sealed record UtilizationReport(DateTimeOffset At, long ActiveLeases, long DeclinedAddresses, IReadOnlyList<SubnetUtilization> Subnets);
