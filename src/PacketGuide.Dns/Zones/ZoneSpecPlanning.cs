using PacketGuide.Dns.Config;
using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Plans and applies zone specs through pguide.yaml's providers: the steps <c>pguide dns plan|apply</c> and the
/// service's <c>/api/v1/dns/plan|apply</c> share. Records first, then DNSSEC, so new records are signed with the rest.
/// </summary>
public static class ZoneSpecPlanning
{
    /// <summary>Reads the zone from its provider and plans the spec against it (with the DNSSEC step when the spec has one).</summary>
    /// <exception cref="DnsConfigException">The spec's provider is unknown or unusable.</exception>
    /// <exception cref="Providers.DnsProviderException">The provider refused or could not be reached.</exception>
    public static async Task<ZonePlan> PlanAsync(ZoneSpec spec, DnsProviderSet providers, string? fallbackProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(providers);
        var (name, provider) = providers.Get(spec.Provider, fallbackProvider, spec.Zone);
        var live = await provider.ListAsync(spec.Zone, cancellationToken).ConfigureAwait(false);
        var plan = ZonePlanner.Plan(spec, name, live);
        if (spec.Dnssec is { } dnssec)
        {
            plan = plan with { Dnssec = await ZonePlanDnssec.PlanAsync(providers.GetDnssec(name), spec.Zone, dnssec, cancellationToken).ConfigureAwait(false) };
        }

        return plan;
    }

    /// <summary>Applies <paramref name="plan"/> (refused unless <paramref name="force"/> when it trips a safety rail; stale plans are refused).</summary>
    /// <exception cref="ZoneApplyException">Refused by a safety rail, or the zone changed since the plan: nothing was sent.</exception>
    /// <exception cref="Providers.DnsProviderException">The provider refused or could not be reached.</exception>
    public static async Task<ZoneApplyOutcome> ApplyAsync(ZonePlan plan, DnsProviderSet providers, bool force, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(providers);
        var (_, provider) = providers.Get(plan.Provider, null, plan.Zone);
        var changes = await new ZoneApplier(provider).ApplyAsync(plan, force, progress, cancellationToken).ConfigureAwait(false);
        DnssecChangeResult? dnssec = null;
        if (plan.Dnssec is { Changed: true } step)
        {
            dnssec = await step.ApplyAsync(providers.GetDnssec(plan.Provider), plan.Zone, cancellationToken).ConfigureAwait(false);
        }

        return new ZoneApplyOutcome(plan, changes, dnssec);
    }
}
