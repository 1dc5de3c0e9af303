using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Server.Api;

/// <summary><c>GET /api/v1/subnets</c>: utilization per subnet and pool, from the lease tracker (O(pools), not O(leases)).</summary>
internal static class SubnetEndpoints
{
    public static void MapSubnets(this RouteGroupBuilder api)
    {
        api.MapGet("/subnets", List)
            .Produces<IReadOnlyList<SubnetView>>()
            .WithName("ListSubnets")
            .WithSummary("Subnet and pool utilization")
            .WithDescription("Every subnet the DHCP configuration declares (and any the logs mention), with total, assigned and declined addresses per pool; level is ok, warn or critical against serve.utilization.warn/critical.");
    }

    private static IResult List(HttpContext context, SubnetResponseCache cache)
    {
        var entry = cache.Get();
        context.Response.Headers.ETag = entry.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch == entry.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(entry.Body, "application/json; charset=utf-8");
    }

    internal static IReadOnlyList<SubnetView> Views(UtilizationReport report, ServeOptions options)
    {
        string Level(double? ratio) => ratio >= options.UtilizationCritical ? "critical" : ratio >= options.UtilizationWarn ? "warn" : "ok";
        return report.Subnets
            .Select(s => new SubnetView(s.Subnet, s.Id, s.SharedNetwork, s.Configured, (decimal)s.Total, s.Assigned, s.Declined, s.Ratio, Level(s.Ratio),
                s.Pools.Select(p => new PoolView(p.Range, (decimal)p.Total, p.Assigned, p.Declined, p.Ratio, Level(p.Ratio))).ToList()))
            .ToList();
    }
}
