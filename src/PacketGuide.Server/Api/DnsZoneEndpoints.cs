using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Zones;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>
/// <c>POST /api/v1/dns/plan</c> and <c>/apply</c>: zone specs (sent in the body, or those of <c>serve.dns.zones</c>)
/// against their providers, with the CLI's planner, safety rails and stale-plan check (<see cref="ZoneSpecPlanning"/>).
/// The plan is the CLI's <c>--json</c> document and needs the write scope; an apply needs admin and is audited per zone.
/// </summary>
internal static class DnsZoneEndpoints
{
    public static void MapDnsZones(this RouteGroupBuilder api)
    {
        api.MapPost("/dns/plan", PlanAsync).WithName("PlanDnsZones").WithSummary("What applying zone specs would change")
            .WithDescription("Body: {\"spec\": \"<zone spec YAML>\"} or {\"zones\": [\"example.com\"]} (specs of serve.dns.zones; {} for all). " +
                "Answers the plan document of `pguide dns plan --json` (docs/dns-zones.md). Reads providers, changes nothing.")
            .Accepts<DnsPlanRequest>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapPost("/dns/apply", ApplyAsync).WithName("ApplyDnsZones").WithSummary("Make the providers serve what the zone specs declare")
            .WithDescription("Body as for plan, plus force (past the safety rails) and fingerprint (the reviewed plan's, one zone: refused with 409 if the zone changed since). " +
                "A plan a safety rail blocks is refused with 409 and nothing is sent to any zone.")
            .Accepts<DnsPlanRequest>("application/json").RequireAuthorization(ApiPolicies.Admin);
    }

    private static async Task<IResult> PlanAsync(HttpContext context, ServeOptions options, DnsProviderSet providers, CancellationToken cancellationToken)
    {
        try
        {
            var (_, plans, problem) = await ReadAndPlanAsync(context, options, providers, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                ZonePlanJson.Write(json, plans!);
            }

            return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
        }
        catch (Exception ex) when (DnsProblems.Handles(ex))
        {
            return DnsProblems.From(ex);
        }
    }

    private static async Task<IResult> ApplyAsync(HttpContext context, ServeOptions options, DnsProviderSet providers, AuditStore audit, CancellationToken cancellationToken)
    {
        try
        {
            var (request, plans, problem) = await ReadAndPlanAsync(context, options, providers, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (request?.Fingerprint is { } fingerprint)
            {
                if (plans!.Count != 1)
                {
                    var errors = new QueryErrors();
                    errors.Add("fingerprint", $"a fingerprint names one zone's plan; this request plans {plans.Count} zones. Send one spec or one zone.");
                    return errors.Problem();
                }

                if (plans[0].Fingerprint != fingerprint)
                {
                    throw new ZoneApplyException(ZoneApplyFailure.Stale,
                        $"{plans[0].Zone}: the zone changed since the plan you reviewed (fingerprint {QueryErrors.Clip(fingerprint)}, now {plans[0].Fingerprint}); nothing was sent. Plan again and review it.");
                }
            }

            var force = request?.Force == true;
            var blocked = plans!.SelectMany(p => p.Refusals).ToList();
            if (blocked.Count > 0 && !force)
            {
                throw new ZoneApplyException(ZoneApplyFailure.Refused, string.Join("\n", blocked));
            }

            var zones = new List<DnsZoneApplyView>();
            foreach (var plan in plans!.Where(p => p.HasChanges))
            {
                var outcome = await ZoneSpecPlanning.ApplyAsync(plan, providers, force, null, cancellationToken).ConfigureAwait(false);
                var view = new DnsZoneApplyView(plan.Zone, plan.Provider, outcome.RecordChanges.Count(), plan.MarkerChanges.Count,
                    [.. outcome.RecordChanges.Select(c => new DnsChangeView(c.Action.ToString().ToLowerInvariant(), c.Name, c.Type, c.Before, c.After))],
                    outcome.Dnssec is { } dnssec ? new DnsDnssecView(dnssec.Actions, dnssec.ManualStep) : null);
                zones.Add(view);
                await audit.AppendAsync(Actor.Of(context), "dns.apply", plan.Zone, JsonSerializer.Serialize(view, ServerJsonContext.Default.DnsZoneApplyView), cancellationToken)
                    .ConfigureAwait(false);
            }

            return TypedResults.Ok(new DnsApplyView(zones));
        }
        catch (Exception ex) when (DnsProblems.Handles(ex))
        {
            return DnsProblems.From(ex);
        }
    }

    /// <summary>Reads the body and plans its specs; or the problem that stops it (a bad body, an invalid spec, an unknown zone).</summary>
    private static async Task<(DnsPlanRequest? Request, IReadOnlyList<ZonePlan>? Plans, IResult? Problem)> ReadAndPlanAsync(HttpContext context, ServeOptions options,
        DnsProviderSet providers, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.DnsPlanRequest, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, null, error);
        }

        var (plans, problem) = await PlansAsync(request, options, providers, cancellationToken).ConfigureAwait(false);
        return (request, plans, problem);
    }

    /// <summary>The request's specs planned against their providers, or the problem that stops it (an invalid spec, an unknown zone).</summary>
    private static async Task<(IReadOnlyList<ZonePlan>? Plans, IResult? Problem)> PlansAsync(DnsPlanRequest? request, ServeOptions options, DnsProviderSet providers,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        List<ZoneSpec> specs;
        if (request?.Spec is { } text)
        {
            if (request.Zones is not null)
            {
                errors.Add("zones", "give spec or zones, not both.");
                return (null, errors.Problem());
            }

            var (spec, findings) = ZoneSpecReader.Read(text, "spec");
            var bad = findings.Where(f => f.Severity == ZoneFindingSeverity.Error).ToList();
            if (spec is null || bad.Count > 0)
            {
                errors.Errors["spec"] = [.. bad.Select(f => f.ToString())];
                return (null, errors.Problem());
            }

            specs = [spec];
        }
        else
        {
            if (options.Dns.ZoneSpecs.Count == 0)
            {
                return (null, DnsProblems.NotConfigured("Planning without a spec in the body"));
            }

            var (all, findings) = await ZoneSpecReader.ReadAllAsync(options.Dns.ZoneSpecs, cancellationToken).ConfigureAwait(false);
            var bad = findings.Where(f => f.Severity == ZoneFindingSeverity.Error).ToList();
            if (bad.Count > 0)
            {
                throw new DnsConfigException($"the zone specs of serve.dns.zones have {bad.Count} error(s), first: {bad[0]}; `pguide dns check` lists them.");
            }

            specs = all;
            if (request?.Zones is { } wanted)
            {
                var names = wanted.Select(z => (z.EndsWith('.') ? z : z + ".").ToLowerInvariant()).ToList();
                var unknown = names.Where(n => specs.All(s => s.Zone != n)).ToList();
                if (unknown.Count > 0)
                {
                    errors.Add("zones", $"no spec in serve.dns.zones for {QueryErrors.Clip(string.Join(", ", unknown))} (specs: {QueryErrors.Clip(string.Join(", ", specs.Select(s => s.Zone)))}).");
                    return (null, errors.Problem());
                }

                specs = [.. specs.Where(s => names.Contains(s.Zone))];
            }
        }

        var plans = new List<ZonePlan>();
        foreach (var spec in specs)
        {
            plans.Add(await ZoneSpecPlanning.PlanAsync(spec, providers, options.Dns.FallbackProvider, cancellationToken).ConfigureAwait(false));
        }

        return (plans, null);
    }
}
