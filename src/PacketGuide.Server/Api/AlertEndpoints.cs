using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Alerting.Engine;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary><c>GET /api/v1/alerts</c>: the alerts pending and firing now, and the notifications planned lately.</summary>
internal static class AlertEndpoints
{
    private static readonly string[] States = [OutboxStore.Pending, OutboxStore.Delivered, OutboxStore.Failed, OutboxStore.Expired];

    public static void MapAlerts(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", List).WithName("ListAlerts").WithSummary("Alerts pending and firing now, and the latest notifications")
            .WithDescription("Rules come from pguide.yaml's alerting section (pguide alert check lists them). Each alert's key is stable for its life.");
        api.MapGet("/alerts/notifications", NotificationsAsync).WithName("ListNotifications").WithSummary("The notification outbox, newest first")
            .WithDescription("Every notification per channel with its delivery state (pending, delivered, failed, expired), attempts and last error. state filters; page with limit and the next cursor.");
    }

    private static async Task<IResult> NotificationsAsync(OutboxStore outbox, CancellationToken cancellationToken, string? limit = null, string? cursor = null, string? state = null)
    {
        var errors = new QueryErrors();
        var size = errors.Limit(limit);
        var before = errors.NumericCursor(cursor);
        var only = errors.OneOf("state", state, States);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return TypedResults.Ok(await outbox.ListAsync(before, only, size, cancellationToken).ConfigureAwait(false));
    }

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
