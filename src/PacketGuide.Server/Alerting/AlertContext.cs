using PacketGuide.Alerting.Engine;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dns.Validation;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// What a responder wants next to an alert without opening the dashboard, gathered once per notification round: the
/// subnet's utilization and its latest DHCP events, the zone's findings from the last DNS validation, and a link to the
/// subnet's or zone's dashboard page (when <c>alerting.dashboard-url</c> is set).
/// </summary>
public sealed class AlertContext
{
    /// <summary>Events and findings shown per alert, at most (PagerDuty takes 512 KB per event; a mail should stay readable).</summary>
    public const int MaxItems = 10;

    public AlertContext(
        Uri? dashboardUrl,
        IReadOnlyDictionary<string, SubnetUtilization> subnets,
        IReadOnlyDictionary<string, IReadOnlyList<EventRecord>> events,
        IReadOnlyDictionary<string, IReadOnlyList<ValidationFinding>> findings)
    {
        DashboardUrl = dashboardUrl;
        Subnets = subnets;
        Events = events;
        Findings = findings;
    }

    /// <summary>No context: the alert's own labels and texts only.</summary>
    public static AlertContext Empty { get; } = new(null, new Dictionary<string, SubnetUtilization>(), new Dictionary<string, IReadOnlyList<EventRecord>>(),
        new Dictionary<string, IReadOnlyList<ValidationFinding>>());

    public Uri? DashboardUrl { get; }

    /// <summary>Dashboard links and nothing read from the store.</summary>
    public static AlertContext LinksOnly(Uri? dashboardUrl) => dashboardUrl is null ? Empty
        : new(dashboardUrl, Empty.Subnets, Empty.Events, Empty.Findings);

    /// <summary>Utilization by subnet (as the alerts' <c>subnet</c> label names it).</summary>
    public IReadOnlyDictionary<string, SubnetUtilization> Subnets { get; }

    /// <summary>The latest events by subnet, newest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EventRecord>> Events { get; }

    /// <summary>The last validation's findings by zone, worst first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ValidationFinding>> Findings { get; }

    /// <summary>The dashboard page for the alert: its subnet's, its zone's, or the overview; null without a dashboard URL.</summary>
    public Uri? LinkFor(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (DashboardUrl is null)
        {
            return null;
        }

        var route = alert.Label("subnet") is { } subnet ? "#/subnet/" + Uri.EscapeDataString(subnet)
            : alert.Label("zone") is { } zone ? "#/dns/" + Uri.EscapeDataString(zone)
            : "#/";
        return new Uri(DashboardUrl, route);
    }

    public SubnetUtilization? SubnetOf(Alert alert) =>
        alert.Label("subnet") is { } subnet && Subnets.TryGetValue(subnet, out var use) ? use : null;

    public IReadOnlyList<EventRecord> EventsOf(Alert alert) =>
        alert.Label("subnet") is { } subnet && Events.TryGetValue(subnet, out var events) ? events : [];

    public IReadOnlyList<ValidationFinding> FindingsOf(Alert alert) =>
        alert.Label("zone") is { } zone && Findings.TryGetValue(zone, out var findings) ? findings : [];
}
