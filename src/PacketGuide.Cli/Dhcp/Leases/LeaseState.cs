using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>The lease state a command reports on, and the connection that keeps it current when following.</summary>
/// <param name="Monitor">The tracker and its loader.</param>
/// <param name="At">The moment to report.</param>
/// <param name="Drift">How far the inputs' state was from Kea's lease list, when both were read.</param>
/// <param name="Notes">Things the user should know (no configuration, unparsed lines, everything expired).</param>
/// <param name="Kea">The Kea connection, when given.</param>
/// <param name="ServerLeases">Reads Kea's lease list, when Kea is given.</param>
/// <param name="ParseOptions">How inputs were read (zone), for following.</param>
/// <param name="FollowedLogs">With --follow: the log files and globs to follow from their start.</param>
internal sealed record LeaseState(LeaseMonitor Monitor, DateTimeOffset At, LeaseReconciliation? Drift, IReadOnlyList<string> Notes,
    KeaControlClient? Kea, Func<CancellationToken, Task<IReadOnlyList<KeaLease>>>? ServerLeases, DhcpParseOptions ParseOptions,
    IReadOnlyList<string> FollowedLogs) : IDisposable
{
    public void Dispose() => Kea?.Dispose();
}
