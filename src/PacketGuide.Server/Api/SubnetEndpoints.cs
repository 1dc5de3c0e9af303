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

    private static Task<IResult> List(HttpContext context, PipelineResponseCache cache, LeaseTracker tracker, ServeOptions options, TimeProvider time) =>
        cache.GetAsync(context, () => Task.FromResult(Views(tracker.GetUtilization(time.GetUtcNow()), options)));

    internal static IReadOnlyList<SubnetView> Views(UtilizationReport report, ServeOptions options)
    {
        string Level(double? ratio) => ratio >= options.UtilizationCritical ? "critical" : ratio >= options.UtilizationWarn ? "warn" : "ok";
        return report.Subnets
            .Select(s => new SubnetView(s.Subnet, s.Id, s.SharedNetwork, s.Configured, (decimal)s.Total, s.Assigned, s.Declined, s.Ratio, Level(s.Ratio),
                s.Pools.Select(p => new PoolView(p.Range, (decimal)p.Total, p.Assigned, p.Declined, p.Ratio, Level(p.Ratio))).ToList())
            {
                WarnAt = options.UtilizationWarn,
                CriticalAt = options.UtilizationCritical,
            })
            .ToList();
    }
}
