using System.Text.RegularExpressions;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// DNSSEC on BIND 9.18 with <c>dnssec-policy</c>: BIND makes, uses and rolls the keys itself; pguide sets the zone's
/// policy over rndc and reads the result from what BIND serves plus <c>rndc dnssec -status</c>.
/// A zone added with <c>rndc addzone</c> (<c>zonestatus</c>: "reconfigurable via modzone: yes") is changed by
/// <c>rndc delzone</c> + <c>rndc addzone</c> with its own statement plus <c>inline-signing yes; dnssec-policy "P";</c>
/// (BIND's modzone stores such a change but does not start signing). A zone defined in named.conf is not changed: the
/// result's <see cref="DnssecChangeResult.ManualStep"/> is the exact statement to put there and the command to run.
/// Policies other than the built-in <c>default</c> must be defined in named.conf (<see cref="BindDnssecPolicy.Block"/>).
/// </summary>
public sealed partial class BindDnssecManager : IDnssecManager
{
    private readonly ServedDnssecReader _served;
    private readonly RndcClient? _rndc;

    /// <param name="name">The provider's name in pguide.yaml.</param>
    /// <param name="served">Reads the zone from BIND over DNS.</param>
    /// <param name="rndc">The control channel; null when the provider has no <c>rndc</c> section (status and ds still work).</param>
    public BindDnssecManager(string name, ServedDnssecReader served, RndcClient? rndc)
    {
        ArgumentNullException.ThrowIfNull(served);
        Name = name;
        _served = served;
        _rndc = rndc;
    }

    public string Name { get; }

    public async Task<DnssecStatus> StatusAsync(string zone, CancellationToken cancellationToken)
    {
        zone = Absolute(zone);
        var served = await _served.ReadAsync(zone, cancellationToken).ConfigureAwait(false);
        var report = await ServerReportAsync(zone, cancellationToken).ConfigureAwait(false);
        return new DnssecStatus(zone, _served.Server.ToString(), DnssecStatus.MergeKeys(served, []), served.Cds, served.Cdnskey, served.Nsec3,
            served.Parent, served.Health, served.HealthError, report);
    }

    public Task<DnssecChangeResult> EnableAsync(string zone, DnssecSettings settings, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.TryValidate(out var invalid))
        {
            throw new ArgumentException(invalid, nameof(settings));
        }

        return settings.Enabled
            ? SetPolicyAsync(Absolute(zone), BindDnssecPolicy.NameFor(settings), BindDnssecPolicy.Block(settings), dryRun, cancellationToken)
            : DisableAsync(zone, dryRun, cancellationToken);
    }

    /// <summary>
    /// Sets the built-in <c>insecure</c> policy: BIND publishes CDS/CDNSKEY "delete", waits for the parent's DS to go
    /// (confirmed with <c>rndc dnssec -checkds withdrawn</c>), then removes keys and signatures as TTLs allow.
    /// </summary>
    public Task<DnssecChangeResult> DisableAsync(string zone, bool dryRun, CancellationToken cancellationToken) =>
        SetPolicyAsync(Absolute(zone), "insecure", null, dryRun, cancellationToken);

    public Task<IReadOnlyList<string>> DsAsync(string zone, int digestType, CancellationToken cancellationToken) =>
        DelegationSigner.TryValidateDigestType(digestType, out var error)
            ? _served.DsAsync(Absolute(zone), digestType, cancellationToken)
            : throw new ArgumentException(error, nameof(digestType));

    /// <summary>BIND rolls keys by its policy's lifetimes; this reports its state (<c>rndc dnssec -status</c>) and changes nothing.</summary>
    public async Task<RolloverState> RolloverAsync(string zone, RolloverOptions options, CancellationToken cancellationToken)
    {
        zone = Absolute(zone);
        var report = await ServerReportAsync(zone, cancellationToken).ConfigureAwait(false);
        var state = report is null
            ? "unknown: the provider has no rndc section (rndc: {server, key-file}) to ask BIND"
            : string.Join("; ", report.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("dnssec-policy:", StringComparison.Ordinal) || l.Contains("rollover", StringComparison.OrdinalIgnoreCase)
                            || l.StartsWith("Zone does not have", StringComparison.Ordinal)).Distinct());
        return new RolloverState(zone, "dnssec-policy (BIND)", 0, 0, state, [], null, null, report);
    }

    private async Task<string?> ServerReportAsync(string zone, CancellationToken cancellationToken)
    {
        if (_rndc is null)
        {
            return null;
        }

        try
        {
            return await _rndc.RunAsync(["dnssec", "-status", zone.TrimEnd('.')], cancellationToken).ConfigureAwait(false);
        }
        catch (DnsProviderException ex)
        {
            return ex.Message;
        }
    }

    private async Task<DnssecChangeResult> SetPolicyAsync(string zone, string policy, string? policyBlock, bool dryRun, CancellationToken cancellationToken)
    {
        var bare = zone.TrimEnd('.');
        if (_rndc is null)
        {
            return new DnssecChangeResult(zone, false, dryRun, [],
                $"pguide has no rndc access to this BIND (add rndc: {{server, key-file}} to the provider). In named.conf, give zone \"{bare}\" " +
                $"the lines 'inline-signing yes; dnssec-policy \"{policy}\";'{Define(policyBlock)}, then run 'rndc reconfig' and 'pguide dns dnssec status {bare}'.");
        }

        var statement = await _rndc.RunAsync(["showzone", bare], cancellationToken).ConfigureAwait(false);
        var open = statement.IndexOf('{', StringComparison.Ordinal);
        var close = statement.LastIndexOf('}');
        if (open < 0 || close < open)
        {
            throw new DnsProviderException($"{Name}: rndc showzone {bare} printed no zone statement: {statement}");
        }

        var body = statement[(open + 1)..close];
        var current = PolicyClause().Match(body) is { Success: true } m ? m.Groups["name"].Value : "none";
        if (current == policy || (policy == "insecure" && current == "none"))
        {
            return new DnssecChangeResult(zone, false, dryRun, [$"zone {bare} already has dnssec-policy {current}"]);
        }

        var kept = InlineSigningClause().Replace(PolicyClause().Replace(body, ""), "").Trim();
        var wanted = $"{{ {kept} inline-signing yes; dnssec-policy \"{policy}\"; }};";
        var status = await _rndc.RunAsync(["zonestatus", bare], cancellationToken).ConfigureAwait(false);
        if (!status.Contains("reconfigurable via modzone: yes", StringComparison.Ordinal))
        {
            return new DnssecChangeResult(zone, false, dryRun, [],
                $"zone {bare} is defined in named.conf (not added with rndc addzone), so pguide does not change it. Make its statement\n" +
                $"  zone \"{bare}\" {wanted}\n{Define(policyBlock)}then run 'rndc reconfig' and 'pguide dns dnssec status {bare}'.");
        }

        var actions = new List<string> { $"rndc delzone {bare}", $"rndc addzone {bare} '{wanted}'" };
        if (dryRun)
        {
            return new DnssecChangeResult(zone, true, true, actions);
        }

        // modzone refuses a policy named.conf lacks without touching the zone; it cannot start signing, hence delzone + addzone after it.
        try
        {
            await _rndc.RunAsync(["modzone", bare, wanted], cancellationToken).ConfigureAwait(false);
        }
        catch (DnsProviderException ex) when (ex.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return new DnssecChangeResult(zone, false, false, [],
                $"BIND has no dnssec-policy \"{policy}\" ({ex.Message}). Add to named.conf (top level):\n{policyBlock}\nthen run 'rndc reconfig' and this command again.");
        }

        await _rndc.RunAsync(["delzone", bare], cancellationToken).ConfigureAwait(false);
        try
        {
            await _rndc.RunAsync(["addzone", bare, wanted], cancellationToken).ConfigureAwait(false);
        }
        catch (DnsProviderException ex)
        {
            await _rndc.RunAsync(["addzone", bare, "{" + body + "};"], cancellationToken).ConfigureAwait(false);
            throw new DnsProviderException($"{Name}: re-adding {bare} with dnssec-policy {policy} failed ({ex.Message}); it was put back as it was.", ex);
        }

        return new DnssecChangeResult(zone, true, false, actions, policy == "insecure"
            ? $"BIND now takes {bare} to unsigned safely: it publishes CDS/CDNSKEY delete and waits for the parent's DS to go. Once the parent has removed it, " +
              $"run 'rndc dnssec -checkds -key KEYTAG withdrawn {bare}' for each key; BIND then removes keys and signatures as TTLs pass."
            : null);
    }

    private static string Define(string? policyBlock) => policyBlock is null ? "" : $" and define the policy at the top level:\n{policyBlock}\n";

    private static string Absolute(string zone) => zone.TrimEnd('.').ToLowerInvariant() + ".";

    [GeneratedRegex("""\s*dnssec-policy\s+"?(?<name>[^";\s]+)"?\s*;""")]
    private static partial Regex PolicyClause();

    [GeneratedRegex("""\s*inline-signing\s+[^;]+;""")]
    private static partial Regex InlineSigningClause();
}
