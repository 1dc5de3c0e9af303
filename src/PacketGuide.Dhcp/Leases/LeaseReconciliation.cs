using System.Net;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// What <see cref="LeaseTracker.Reconcile"/> found when it replaced the tracker's state with the server's own lease list.
/// Drift is normal in small amounts (a lease granted between the last log line read and the API call) and a sign of lost
/// or unlogged events when it grows.
/// </summary>
/// <param name="At">When the reconciliation ran.</param>
/// <param name="ServerLeases">Leases (and declined addresses) the server holds.</param>
/// <param name="Missing">Leases the server holds that the tracker did not.</param>
/// <param name="Extra">Leases the tracker held that the server does not (removed).</param>
/// <param name="Changed">Leases both hold with a different client or expiry (more than 2 s apart).</param>
/// <param name="Examples">Up to 10 addresses of each kind of drift, for the report.</param>
public sealed record LeaseReconciliation(DateTimeOffset At, long ServerLeases, long Missing, long Extra, long Changed,
    IReadOnlyList<LeaseDrift> Examples)
{
    public long Drift => Missing + Extra + Changed;
}

/// <summary>One address whose state differed from the server's.</summary>
public sealed record LeaseDrift(IPAddress Address, LeaseDriftKind Kind);

public enum LeaseDriftKind
{
    Missing,
    Extra,
    Changed,
}
