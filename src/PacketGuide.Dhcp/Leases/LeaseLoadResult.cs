using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Leases;

/// <summary>What <see cref="LeaseMonitor.LoadAsync"/> read into the tracker.</summary>
/// <param name="Summary">The inputs' summary: lines, events, unparsed lines by reason with file:line examples.</param>
/// <param name="Changes">Events that changed the lease state.</param>
/// <param name="ActiveAtEnd">Leases held at the newest event's time (before expiring up to now).</param>
public sealed record LeaseLoadResult(DhcpLogSummary Summary, long Changes, long ActiveAtEnd);
