using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback stand-in for PagerDuty's Events API v2 (events.pagerduty.com cannot be reached from here), enforcing its
/// documented contract (developer.pagerduty.com, "Send an Alert Event"): POST /v2/enqueue with a JSON body under 512 KB;
/// routing_key of 32 characters; event_action trigger, acknowledge or resolve; dedup_key at most 255 characters (required
/// to resolve); for a trigger a payload with summary (at most 1024 characters), source and severity (critical, error,
/// warning, info); links with href. A valid event is answered 202 {status: success, dedup_key} and opens or resolves the
/// incident with that dedup_key; an invalid one 400 {status: invalid event, errors}. It can be told to answer 429 or 5xx,
/// and it can go down (<see cref="StopAsync"/>: connections refused) and come back on the same port with what it has seen.
/// </summary>
public sealed class PagerDutyStandIn : IAsyncDisposable
{
    private static readonly string[] Actions = ["trigger", "acknowledge", "resolve"];
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];
    private WebApplication? _app;

    private PagerDutyStandIn()
    {
    }

    public string Url { get; private set; } = "";

    /// <summary>Statuses to answer before accepting again (429, 500, 503 ...), in order.</summary>
    public ConcurrentQueue<int> Failures { get; } = new();

    /// <summary>Every valid event accepted, in order.</summary>
    public ConcurrentQueue<JsonElement> Accepted { get; } = new();

    /// <summary>Every contract violation seen (what the real API would have refused with 400).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Incidents by dedup_key: the last trigger's severity, and whether a resolve closed it.</summary>
    public ConcurrentDictionary<string, (string Severity, bool Resolved, int Triggers)> Incidents { get; } = new(StringComparer.Ordinal);

    public static async Task<PagerDutyStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var standIn = new PagerDutyStandIn();
        await standIn.ListenAsync("http://127.0.0.1:0", cancellationToken);
        standIn.Url = standIn._app!.Urls.First() + "/v2/enqueue";
        return standIn;
    }

    /// <summary>Goes down: the port is closed, a sender gets "connection refused".</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
        }
    }

    /// <summary>Comes back on the same port, with the incidents and events it had.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) => ListenAsync($"http://127.0.0.1:{new Uri(Url).Port}", cancellationToken);

    private async Task ListenAsync(string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/v2/enqueue", (Func<HttpContext, Task<IResult>>)EnqueueAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
    }

    private async Task<IResult> EnqueueAsync(HttpContext context)
    {
        if (Failures.TryDequeue(out var status))
        {
            return Results.Json(new { status = "throttled", message = "told to fail" }, statusCode: status);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var errors = new List<string>();
        if (buffer.Length >= 512 * 1024)
        {
            errors.Add($"payload is {buffer.Length} bytes; must be under 512 KB");
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            errors.Add($"Content-Type {context.Request.ContentType} is not application/json");
        }

        JsonElement e = default;
        try
        {
            e = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add("not JSON: " + ex.Message);
        }

        if (errors.Count == 0)
        {
            Check(e, errors);
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Violations.Enqueue(error);
            }

            return Results.Json(new { status = "invalid event", message = "Event object is invalid", errors }, statusCode: 400);
        }

        var action = e.GetProperty("event_action").GetString()!;
        var key = e.TryGetProperty("dedup_key", out var k) ? k.GetString()! : Guid.NewGuid().ToString("N");
        Accepted.Enqueue(e);
        Incidents.AddOrUpdate(key,
            _ => action == "trigger" ? (e.GetProperty("payload").GetProperty("severity").GetString()!, false, 1) : ("", action == "resolve", 0),
            (_, old) => action == "trigger" ? (e.GetProperty("payload").GetProperty("severity").GetString()!, false, old.Triggers + 1) : (old.Severity, action == "resolve" || old.Resolved, old.Triggers));
        return Results.Json(new { status = "success", message = "Event processed", dedup_key = key }, statusCode: 202);
    }

    private static void Check(JsonElement e, List<string> errors)
    {
        if (!e.TryGetProperty("routing_key", out var routing) || routing.ValueKind != JsonValueKind.String || routing.GetString()!.Length != 32)
        {
            errors.Add("routing_key must be a 32-character string");
        }

        var action = e.TryGetProperty("event_action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (action is null || !Actions.Contains(action))
        {
            errors.Add("event_action must be trigger, acknowledge or resolve");
        }

        var hasKey = e.TryGetProperty("dedup_key", out var dedup) && dedup.ValueKind == JsonValueKind.String;
        if (hasKey && dedup.GetString()!.Length > 255)
        {
            errors.Add("dedup_key longer than 255 characters");
        }

        if (action is "resolve" or "acknowledge" && !hasKey)
        {
            errors.Add("dedup_key is required to " + action);
        }

        if (action == "trigger")
        {
            if (!e.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                errors.Add("payload is required for a trigger");
                return;
            }

            if (!payload.TryGetProperty("summary", out var summary) || summary.ValueKind != JsonValueKind.String || summary.GetString()!.Length is 0 or > 1024)
            {
                errors.Add("payload.summary must be 1 to 1024 characters");
            }

            if (!payload.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String || source.GetString()!.Length == 0)
            {
                errors.Add("payload.source is required");
            }

            if (!payload.TryGetProperty("severity", out var severity) || !Severities.Contains(severity.GetString()))
            {
                errors.Add("payload.severity must be critical, error, warning or info");
            }

            if (payload.TryGetProperty("custom_details", out var details) && details.ValueKind != JsonValueKind.Object)
            {
                errors.Add("payload.custom_details must be an object");
            }
        }

        if (e.TryGetProperty("links", out var links) && (links.ValueKind != JsonValueKind.Array || links.EnumerateArray().Any(l => !l.TryGetProperty("href", out _))))
        {
            errors.Add("links must be an array of objects with href");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
