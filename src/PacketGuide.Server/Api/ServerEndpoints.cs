using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Server.DnsService;
using PacketGuide.Server.Pipeline;

namespace PacketGuide.Server.Api;

/// <summary>
/// <c>GET /api/v1/servers</c>: the DHCP servers seen in the logs (quiet when nothing came from one for 10 minutes), and the
/// Kea control API the service reconciles with (up or down, with the last error), and the DNS servers the last validation
/// asked (up, or down with the reachability finding).
/// </summary>
internal static class ServerEndpoints
{
    private static readonly TimeSpan QuietAfter = TimeSpan.FromMinutes(10);

    public static void MapServers(this RouteGroupBuilder api) =>
        api.MapGet("/servers", List).WithName("ListServers").WithSummary("Known servers and their health")
            .WithDescription("DHCP servers whose logs the pipeline follows: last event time, events since start, and status active or quiet (no event for 10 minutes); " +
                "the Kea control API (up, down); DNS servers the last validation asked (up, or down with the reason).");

    private static Ok<IReadOnlyList<ServerView>> List(DhcpServerRegistry registry, KeaHealth kea, DnsServerHealth dns, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var servers = registry.Snapshot().Select(s => new ServerView(s.Name, "dhcp", s.LastSeen, s.Events, now - s.LastSeen > QuietAfter ? "quiet" : "active")).ToList();
        if (kea.Target is { } target)
        {
            servers.Add(new ServerView(target, "kea-api", kea.LastSuccess, kea.Succeeded, kea.Up switch { true => "up", false => "down", null => "unknown" })
            {
                Error = kea.LastError,
            });
        }

        foreach (var (server, checkedAt, error) in dns.Snapshot())
        {
            servers.Add(new ServerView(server, "dns", error is null ? checkedAt : null, 0, error is null ? "up" : "down") { Error = error });
        }

        return TypedResults.Ok<IReadOnlyList<ServerView>>(servers);
    }
}
