namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// DNSSEC for a zone on one server: read the state from what it serves, sign or unsign it, print the DS for the parent,
/// roll the ZSK. <see cref="EnableAsync"/> and <see cref="DisableAsync"/> converge: they change only what differs and
/// report "no change" otherwise, so a zone planner can call them with the spec's <c>dnssec:</c> settings every run.
/// Failures are <see cref="Providers.DnsProviderException"/> (Refused: the server said no; Unreachable: no answer).
/// </summary>
public interface IDnssecManager
{
    /// <summary>The provider's name in pguide.yaml.</summary>
    string Name { get; }

    Task<DnssecStatus> StatusAsync(string zone, CancellationToken cancellationToken);

    /// <summary>Signs the zone with <paramref name="settings"/> (or changes NSEC/NSEC3 of a signed zone). Changing the algorithm or CSK/KSK+ZSK of a signed zone is a rollover and is refused.</summary>
    Task<DnssecChangeResult> EnableAsync(string zone, DnssecSettings settings, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Takes the zone back to unsigned (the parent's DS must go first; the result says so when the parent is local).</summary>
    Task<DnssecChangeResult> DisableAsync(string zone, bool dryRun, CancellationToken cancellationToken);

    /// <summary>DS records for the parent, from the served key signing keys (digest 1, 2 or 4), as dnssec-dsfromkey prints them.</summary>
    Task<IReadOnlyList<string>> DsAsync(string zone, int digestType, CancellationToken cancellationToken);

    /// <summary>The next step of a ZSK rollover (PowerDNS), or the server's own rollover state (BIND).</summary>
    Task<RolloverState> RolloverAsync(string zone, RolloverOptions options, CancellationToken cancellationToken);
}
