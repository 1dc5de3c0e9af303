using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Security;
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
        api.MapGet("/alerts/silences", SilencesAsync).WithName("ListSilences").WithSummary("Silences that have not ended (all=true: ended ones too)");
        api.MapPost("/alerts/silences", SilenceAsync).WithName("CreateSilence").WithSummary("Silence alerts: matchers, a duration and a comment; the author is the caller")
            .Accepts<SilenceInput>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapDelete("/alerts/silences/{id}", ExpireSilenceAsync).WithName("ExpireSilence").WithSummary("End a silence now").RequireAuthorization(ApiPolicies.Write);
    }

    private static async Task<IResult> SilencesAsync(SilenceStore silences, TimeProvider time, CancellationToken cancellationToken, string? all = null)
    {
        var errors = new QueryErrors();
        var everything = errors.Flag("all", all);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<SilenceView>>([.. (await silences.ListAsync(everything, cancellationToken).ConfigureAwait(false)).Select(s => View(s, now))]);
    }

    private static async Task<IResult> SilenceAsync(HttpContext context, SilenceStore silences, AuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.SilenceInput, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var errors = new QueryErrors();
        var matchers = new List<LabelMatcher>();
        foreach (var text in input?.Matchers ?? [])
        {
            if (LabelMatcher.TryParse(text ?? "", out var matcher, out var matcherError))
            {
                matchers.Add(matcher!);
            }
            else
            {
                errors.Add("matchers", matcherError!);
            }
        }

        if (matchers.Count == 0 && !errors.Errors.ContainsKey("matchers"))
        {
            errors.Add("matchers", "required: one or more, e.g. [\"alertname=pool-utilization-warning\", \"subnet=~10\\\\.1\\\\..*\"].");
        }

        if (!(Durations.TryParse(input?.Duration ?? "", out var duration) && duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(30)))
        {
            errors.Add("duration", $"'{QueryErrors.Clip(input?.Duration ?? "")}' is not a duration from 1m to 30d (2h, 90m, 1d).");
        }

        var comment = errors.Text("comment", input?.Comment, maxLength: 1000);
        if (string.IsNullOrWhiteSpace(comment) && !errors.Errors.ContainsKey("comment"))
        {
            errors.Add("comment", "required: why (a change ticket, maintenance, a known issue).");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var now = time.GetUtcNow();
        var silence = await silences.CreateAsync(matchers, now, now + duration, Actor.Of(context), comment!, cancellationToken).ConfigureAwait(false);
        var view = View(silence, now);
        await audit.AppendAsync(Actor.Of(context), "alert.silence", silence.Id, System.Text.Json.JsonSerializer.Serialize(view, ServerJsonContext.Default.SilenceView), cancellationToken)
            .ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/alerts/silences/{silence.Id}", view);
    }

    private static async Task<IResult> ExpireSilenceAsync(string id, HttpContext context, SilenceStore silences, AuditStore audit, CancellationToken cancellationToken)
    {
        if (!await silences.ExpireAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Problem($"No active silence {QueryErrors.Clip(id)}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        await audit.AppendAsync(Actor.Of(context), "alert.silence.expire", id, null, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static SilenceView View(Silence s, DateTimeOffset now) =>
        new(s.Id, [.. s.Matchers.Select(m => m.ToString())], s.Starts, s.Ends, s.Author, s.Comment, s.IsActive(now));

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
