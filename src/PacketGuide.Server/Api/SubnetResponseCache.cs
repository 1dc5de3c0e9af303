using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Pipeline;

namespace PacketGuide.Server.Api;

/// <summary>
/// The serialized <c>GET /api/v1/subnets</c> answer, rebuilt when the pipeline has applied a batch since, and at most a
/// second old otherwise (leases expire without events). With 500 subnets that is 120 KB of JSON: building it per request
/// would cost a dashboard full of clients more than the answer is worth.
/// </summary>
internal sealed class SubnetResponseCache(LeaseTracker tracker, ServeOptions options, PipelineStatus status, IOptions<JsonOptions> json, TimeProvider timeProvider)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private Entry? current;

    public Entry Get()
    {
        var now = timeProvider.GetUtcNow();
        var version = status.Version;
        var entry = Volatile.Read(ref current);
        if (entry is not null && entry.Version == version && now - entry.Built < MaxAge)
        {
            return entry;
        }

        lock (gate)
        {
            entry = current;
            if (entry is not null && entry.Version == version && now - entry.Built < MaxAge)
            {
                return entry;
            }

            var views = SubnetEndpoints.Views(tracker.GetUtilization(now), options);
            var body = JsonSerializer.SerializeToUtf8Bytes(views, json.Value.SerializerOptions.GetTypeInfo(typeof(IReadOnlyList<SubnetView>)));
            entry = new Entry(body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body), 0, 12) + "\"", version, now);
            Volatile.Write(ref current, entry);
            return entry;
        }
    }

    internal sealed record Entry(byte[] Body, string ETag, long Version, DateTimeOffset Built);
}
