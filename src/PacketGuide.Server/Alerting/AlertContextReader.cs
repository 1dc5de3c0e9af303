using System.Text.Json;
using Microsoft.Extensions.Logging;
using PacketGuide.Alerting.Routing;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Gathers the <see cref="AlertContext"/> of a notification round: only for the subnets and zones its alerts name, and
/// only when something is to be sent. A store that cannot be read gives a context without events or findings (logged):
/// the notifications themselves must still go out.
/// </summary>
public sealed partial class AlertContextReader(ServeOptions options, EventStore events, ValidationRunStore validations, ILogger<AlertContextReader> logger)
{
    public async Task<AlertContext> ReadAsync(IReadOnlyList<AlertNotification> planned, UtilizationReport utilization, long? latestValidation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(utilization);
        var alerts = planned.SelectMany(n => n.Firing.Concat(n.Resolved)).ToList();
        var subnetNames = alerts.Select(a => a.Label("subnet")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var zoneNames = alerts.Select(a => a.Label("zone")).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var subnets = utilization.Subnets.Where(s => subnetNames.Contains(s.Subnet)).DistinctBy(s => s.Subnet).ToDictionary(s => s.Subnet, StringComparer.Ordinal);
        var recent = new Dictionary<string, IReadOnlyList<EventRecord>>(StringComparer.Ordinal);
        var findings = new Dictionary<string, IReadOnlyList<ValidationFinding>>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var subnet in subnetNames)
            {
                recent[subnet] = (await events.ListAsync(new EventQuery { Subnet = subnet, Limit = AlertContext.MaxItems }, cancellationToken).ConfigureAwait(false)).Items;
            }

            if (zoneNames.Count > 0 && latestValidation is { } id && await validations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { Report: { } report })
            {
                foreach (var (zone, list) in Findings(report, zoneNames))
                {
                    findings[zone] = list;
                }
            }
        }
        catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException)
        {
            LogContextUnread(logger, ex.Message);
        }

        return new AlertContext(options.Alerting.DashboardUrl, subnets, recent, findings);
    }

    /// <summary>The findings of the named zones in a stored validation report (ValidationJson's document), worst first.</summary>
    internal static IEnumerable<(string Zone, IReadOnlyList<ValidationFinding> Findings)> Findings(JsonElement report, IReadOnlySet<string> zones)
    {
        if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("zones", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var zone in list.EnumerateArray())
        {
            if (Text(zone, "zone") is not { } name || !zones.Contains(name) || !zone.TryGetProperty("findings", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            // A finding whose severity is not one the validator writes is not one of its findings: left out.
            IReadOnlyList<ValidationFinding> found = [.. items.EnumerateArray()
                .Select(f => ValidationSeverityNames.TryParse(Text(f, "severity"), out var severity)
                    ? new ValidationFinding(Text(f, "check") ?? "", severity, name, Text(f, "server"), Text(f, "subject") ?? "", Text(f, "message") ?? "")
                    : null)
                .OfType<ValidationFinding>()
                .OrderByDescending(f => f.Severity)
                .Take(AlertContext.MaxItems)];
            yield return (name, found);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications go out without their context (recent events, DNS findings): {Reason}")]
    private static partial void LogContextUnread(ILogger logger, string reason);
}
