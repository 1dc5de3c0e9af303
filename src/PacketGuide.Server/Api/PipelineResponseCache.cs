using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PacketGuide.Server.Pipeline;

namespace PacketGuide.Server.Api;

/// <summary>
/// Serialized answers of the read endpoints that the pipeline's state decides (subnets, lease and event pages), keyed by
/// path and query, valid while the pipeline has applied no batch since and for at most a second (leases also expire
/// without events). Dashboards and scripts that poll the same page cost one store query (or one utilization pass over
/// 500 subnets) per change instead of one per request; a page nobody asked for twice costs what it always did. Answers
/// carry a strong ETag, so a poller that sends If-None-Match gets 304 and no body.
/// </summary>
internal sealed class PipelineResponseCache(PipelineStatus status, IOptions<JsonOptions> json, TimeProvider timeProvider)
{
    private const int MaxEntries = 512;
    private const int MaxBodyBytes = 1 << 20;
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Answers from the cache, or runs <paramref name="load"/> and caches its JSON.</summary>
    public async Task<IResult> GetAsync<T>(HttpContext context, Func<Task<T>> load)
    {
        var key = context.Request.Path.Value + context.Request.QueryString.Value;
        var version = status.Version;
        var now = timeProvider.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || entry.Version != version || now - entry.Built >= MaxAge)
        {
            var value = await load().ConfigureAwait(false);
            var body = JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions.GetTypeInfo(typeof(T)));
            entry = new Entry(body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body), 0, 12) + "\"", version, now);
            if (body.Length <= MaxBodyBytes)
            {
                if (_entries.Count >= MaxEntries)
                {
                    _entries.Clear(); // many distinct queries (a crawl through every page): start over rather than grow
                }

                _entries[key] = entry;
            }
        }

        context.Response.Headers.ETag = entry.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch == entry.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(entry.Body, "application/json; charset=utf-8");
    }

    private sealed record Entry(byte[] Body, string ETag, long Version, DateTimeOffset Built);
}
