using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// The DNSSEC part of a plan: the signing a spec's <c>dnssec:</c> block wants, and what the provider's DNSSEC manager
/// would do to get there (its dry run), or nothing when the zone already matches.
/// </summary>
public sealed record ZonePlanDnssec(DnssecSettings Wanted, bool Changed, IReadOnlyList<string> Actions, string? ManualStep)
{
    /// <summary>The manager's dry run for <paramref name="wanted"/>: it changes only what differs, so this is the plan.</summary>
    public static async Task<ZonePlanDnssec> PlanAsync(IDnssecManager manager, string zone, ZoneDnssec wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(wanted);
        var settings = Settings(wanted);
        var result = settings.Enabled
            ? await manager.EnableAsync(zone, settings, dryRun: true, cancellationToken).ConfigureAwait(false)
            : await manager.DisableAsync(zone, dryRun: true, cancellationToken).ConfigureAwait(false);
        return new ZonePlanDnssec(settings, result.Changed, result.Actions, result.ManualStep);
    }

    /// <summary>Makes the change for real (after the records, so the new records are signed too).</summary>
    public async Task<DnssecChangeResult> ApplyAsync(IDnssecManager manager, string zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return Wanted.Enabled
            ? await manager.EnableAsync(zone, Wanted, dryRun: false, cancellationToken).ConfigureAwait(false)
            : await manager.DisableAsync(zone, dryRun: false, cancellationToken).ConfigureAwait(false);
    }

    public static DnssecSettings Settings(ZoneDnssec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DnssecSettings(spec.Enabled, spec.Algorithm, spec.SplitKeys,
            spec.Nsec3 ? new Nsec3Settings(spec.Nsec3Iterations, spec.Nsec3Salt, spec.Nsec3OptOut) : null);
    }
}
