using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Alerting.Engine;
using PacketGuide.Server.Alerting;

namespace PacketGuide.Server.Api;

/// <summary><c>GET /api/v1/alerts</c>: the alerts pending and firing now, and the notifications planned lately.</summary>
internal static class AlertEndpoints
{
    public static void MapAlerts(this RouteGroupBuilder api) =>
        api.MapGet("/alerts", List).WithName("ListAlerts").WithSummary("Alerts pending and firing now, and the latest notifications")
            .WithDescription("Rules come from pguide.yaml's alerting section (pguide alert check lists them). Each alert's key is stable for its life.");

    private static Ok<AlertsView> List(AlertEngine engine, AlertingStatus status)
    {
        var last = status.Last;
        return TypedResults.Ok(new AlertsView(last?.At, engine.Rules.Count, [.. (last?.Active ?? []).Select(View)],
            [.. status.Notifications.Select(n => new AlertNotificationView(n.GroupKey, n.Reason, n.At, [.. n.Firing.Select(View)], [.. n.Resolved.Select(View)]))]));
    }

    private static AlertView View(Alert alert) => new(alert.Key, alert.Rule, AlertEngine.Name(alert.Severity), alert.State.ToString().ToLowerInvariant(),
        alert.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), alert.Summary, alert.Description, alert.RunbookUrl, alert.Value,
        alert.ActiveSince, alert.FiredAt, alert.ResolvedAt);
}
