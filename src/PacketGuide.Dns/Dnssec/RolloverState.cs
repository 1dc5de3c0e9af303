namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// Where a key rollover stands. PowerDNS (pguide drives it): a ZSK rollover by pre-publication in three steps, one per
/// run, each allowed once the wait after the previous one has passed. BIND: its dnssec-policy rolls keys itself; the
/// state is what <c>rndc dnssec -status</c> says.
/// </summary>
/// <param name="Zone">The zone (absolute).</param>
/// <param name="Method">How the rollover is done: <c>ZSK pre-publish (pguide)</c> or <c>dnssec-policy (BIND)</c>.</param>
/// <param name="Step">Steps done so far (0 to <paramref name="Steps"/>).</param>
/// <param name="Steps">Steps in all (3 for the pre-publish method; 0 when the server rolls keys itself).</param>
/// <param name="State">The state in words.</param>
/// <param name="Actions">What this run did (or would do with a dry run).</param>
/// <param name="Next">What the next run will do; null when the rollover is complete or the server owns it.</param>
/// <param name="NotBefore">The next step waits until then (TTLs must pass); null when it may run now.</param>
/// <param name="ServerReport">The server's own words (BIND: rndc dnssec -status).</param>
public sealed record RolloverState(
    string Zone,
    string Method,
    int Step,
    int Steps,
    string State,
    IReadOnlyList<string> Actions,
    string? Next,
    DateTimeOffset? NotBefore,
    string? ServerReport = null)
{
    /// <summary>The run did nothing because the wait after the previous step has not passed.</summary>
    public bool Waiting => Actions.Count == 0 && NotBefore is not null;
}
