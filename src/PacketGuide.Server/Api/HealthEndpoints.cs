using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Server.Pipeline;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary><c>/healthz</c> (the process answers: liveness) and <c>/readyz</c> (store reachable, pipeline running: readiness).</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok\n")).WithName("Health").WithSummary("Liveness: the process answers").AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).WithName("Ready").WithSummary("Readiness: the store answers and the pipeline runs").AllowAnonymous();
    }

    private static async Task<IResult> ReadyAsync(StoreDatabase database, PipelineStatus status, CancellationToken cancellationToken)
    {
        int? schema = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            schema = await database.GetSchemaVersionAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            error = $"store: {ex.GetType().Name}";
        }

        error ??= status.Running ? null : $"pipeline: {status.LastError ?? "not running"}";
        var ready = error is null && schema > 0;
        var report = new ReadinessReport(ready ? "ready" : "not ready", database.Description, schema, status.Running, error);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, ServerJsonContext.Default.ReadinessReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
