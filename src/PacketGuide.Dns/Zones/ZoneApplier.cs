using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Applies a <see cref="ZonePlan"/> through its provider: refuses it when a safety limit blocks it (unless forced) or when
/// the zone no longer matches the plan's fingerprint (a stale plan), then sends every change in one request where the
/// protocol allows (one PowerDNS PATCH; RFC 2136 UPDATE messages of up to 63 KB), each change on condition that its RRset
/// is still what the plan saw (RFC 2136 prerequisites, checked by the server).
/// </summary>
public sealed class ZoneApplier(IDnsProvider provider)
{
    public async Task<IReadOnlyList<ZonePlanChange>> ApplyAsync(ZonePlan plan, bool force, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Refusals.Count > 0 && !force)
        {
            throw new ZoneApplyException(ZoneApplyFailure.Refused, string.Join("\n", plan.Refusals));
        }

        var live = await provider.ListAsync(plan.Zone, cancellationToken).ConfigureAwait(false);
        if (ZonePlanner.Fingerprint(live) != plan.Fingerprint)
        {
            throw new ZoneApplyException(ZoneApplyFailure.Stale,
                $"{plan.Zone}: the zone changed since the plan was made (someone else applied, or the server re-signed it); nothing was sent. " +
                "Make a new plan and review it.");
        }

        List<ZonePlanChange> all = [.. plan.Changes.Concat(plan.MarkerChanges).OrderBy(c => c.Action == ZoneChangeAction.Delete ? 0 : 1)];
        if (all.Count == 0)
        {
            return all;
        }

        try
        {
            // A provider that checks preconditions atomically (RFC 2136) gets one per change. For one that would only read
            // the zone again before writing (PowerDNS), the fingerprint check above was that very read: skip a second one.
            IReadOnlyList<DnsPrecondition> preconditions = provider.PreconditionsAreAtomic ? [.. all.Select(c => c.ToPrecondition())] : [];
            await provider.ApplyAsync(plan.Zone, [.. all.Select(c => c.ToDnsChange())],
                new DnsApplyOptions { Preconditions = preconditions, Progress = progress }, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsProviderException ex) when (ex.Failure == DnsProviderFailure.PreconditionFailed)
        {
            throw new ZoneApplyException(ZoneApplyFailure.Stale, $"{ex.Message} Make a new plan and review it.", ex);
        }

        return all;
    }
}
