using Microsoft.AspNetCore.Http;

namespace PacketGuide.Server.Metrics;

/// <summary>Writes the registry in Prometheus text format 0.0.4 (what <c>promtool check metrics</c> and every Prometheus read).</summary>
internal static class MetricsExport
{
    public static async Task WriteAsync(HttpContext context, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
    }
}
