using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Dnssec;
using PacketGuide.Dns.Providers;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// <c>pguide dns dnssec status|enable|disable|ds|rollover ZONE</c>: reads pguide.yaml, builds the provider's
/// <see cref="IDnssecManager"/> and prints what it reports.
/// </summary>
internal static class DnsDnssecCommand
{
    private const string Help =
        "Providers come from pguide.yaml (dns.providers; --config, else ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml).\n" +
        "PowerDNS: the HTTP API's cryptokeys (server: ADDR:PORT is where it answers DNS). BIND (type rfc2136): dnssec-policy over\n" +
        "rndc (rndc: {server: 127.0.0.1:953, key-file: /etc/bind/rndc.key}); status and ds work without rndc. The state is always\n" +
        "read from what the server serves (DNSKEY, CDS, CDNSKEY, NSEC3PARAM, DS at a local parent, signatures by AXFR).\n" +
        "Exit codes: 0 ok, 1 findings (status: signatures expiring within --warn-days, unsigned RRsets, a parent DS matching no key),\n" +
        "2 usage error or refused by the server (the message says why), 3 server unreachable. See docs/dns-dnssec.md.";

    public static Command Create(CliEnvironment env)
    {
        var options = new DnssecOptions();
        var dnssec = new Command("dnssec",
            "Sign zones and watch their signatures (PowerDNS cryptokeys API, BIND dnssec-policy).\n" +
            "Examples:\n" +
            "  pguide dns dnssec status example.com                  # keys, NSEC/NSEC3, days until the first RRSIG expires\n" +
            "  pguide dns dnssec enable example.com --split-keys --nsec3\n" +
            "  pguide dns dnssec ds example.com                      # DS records for the parent (SHA-256)\n" +
            "  pguide dns dnssec rollover example.com                # next step of a ZSK pre-publish rollover (PowerDNS)\n" +
            "  pguide dns dnssec disable example.com --dry-run\n" + Help);
        options.AddTo(dnssec);
        var zoneArgument = new Argument<string>("ZONE") { Description = "The zone, e.g. example.com." };

        var status = new Command("status",
            "What the server serves: keys (role, algorithm, what each signs), CDS/CDNSKEY, NSEC or NSEC3, the first signature to expire,\n" +
            "unsigned RRsets, the parent's DS when the parent is on the same server, and the server's own report. Exit 1 on findings.") { zoneArgument };
        status.SetAction((parse, ct) => RunAsync(env, options, parse, "status", async (manager, json, console, token) =>
        {
            var warnDays = parse.GetValue(options.WarnDays);
            if (warnDays is < 0 or > 3650)
            {
                throw new DnssecUsageException("--warn-days must be 0 to 3650.");
            }

            var result = await manager.StatusAsync(parse.GetValue(zoneArgument)!, token).ConfigureAwait(false);
            var findings = result.Findings(warnDays);
            var text = json ? StatusJson(result, findings) : StatusText(console, result, findings);
            return (text, findings.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok);
        }, ct));

        var enable = new Command("enable",
            "Sign the zone, or bring a signed zone's NSEC/NSEC3 to the options. PowerDNS: creates a CSK (or KSK+ZSK with --split-keys), sets\n" +
            "NSEC3PARAM, rectifies. BIND: gives the zone dnssec-policy (built-in 'default' for algorithm 13 CSK NSEC, else a policy\n" +
            "named pguide-a<alg>-<csk|split>[-nsec3-i<N>-s<len>] that named.conf must define; the command prints it). Nothing changes\n" +
            "when the zone already matches. Changing the algorithm or CSK/KSK+ZSK of a signed zone is refused (a rollover).") { zoneArgument };
        enable.SetAction((parse, ct) => RunAsync(env, options, parse, "enable", async (manager, json, console, token) =>
        {
            var settings = Settings(parse, options);
            var result = await manager.EnableAsync(parse.GetValue(zoneArgument)!, settings, parse.GetValue(options.DryRun), token).ConfigureAwait(false);
            return (Change(console, json, result), ExitCodes.Ok);
        }, ct));

        var disable = new Command("disable",
            "Take the zone back to unsigned. PowerDNS: deletes its cryptokeys at once (remove the DS at the parent first). BIND: sets\n" +
            "dnssec-policy insecure, and BIND withdraws keys and signatures safely once the parent's DS is gone.") { zoneArgument };
        disable.SetAction((parse, ct) => RunAsync(env, options, parse, "disable", async (manager, json, console, token) =>
        {
            var result = await manager.DisableAsync(parse.GetValue(zoneArgument)!, parse.GetValue(options.DryRun), token).ConfigureAwait(false);
            return (Change(console, json, result), ExitCodes.Ok);
        }, ct));

        var ds = new Command("ds",
            "The DS records to give the parent, computed from the served key signing keys (--digest 2 SHA-256, 4 SHA-384, 1 SHA-1);\n" +
            "the same text dnssec-dsfromkey prints.") { zoneArgument };
        ds.SetAction((parse, ct) => RunAsync(env, options, parse, "ds", async (manager, json, console, token) =>
        {
            var digest = parse.GetValue(options.Digest);
            if (!DelegationSigner.TryValidateDigestType(digest, out var error))
            {
                throw new DnssecUsageException(error);
            }

            var zone = parse.GetValue(zoneArgument)!;
            var records = await manager.DsAsync(zone, digest, token).ConfigureAwait(false);
            if (records.Count == 0 && !json)
            {
                await env.Error.WriteLineAsync($"pguide dns dnssec ds: {zone} serves no DNSKEY (not signed).").ConfigureAwait(false);
                return (null, ExitCodes.Findings);
            }

            return (json ? Json(w => JsonOutput.WriteStringArray(w, "ds", records)) : string.Join('\n', records), records.Count == 0 ? ExitCodes.Findings : ExitCodes.Ok);
        }, ct));

        var rollover = new Command("rollover",
            "PowerDNS: the next step of a ZSK rollover by pre-publication, one step a run: 1 publish a new inactive ZSK; 2 (after the\n" +
            "DNSKEY TTL) sign with it, keep the old one published; 3 (after the zone's largest TTL) delete the old one. Each run finds\n" +
            "the step from the keys, so an interrupted rollover continues; a run before the wait is over says until when and does\n" +
            "nothing (--force skips the wait). Needs --split-keys zones. BIND: reports its own rollover state (rndc dnssec -status).") { zoneArgument };
        rollover.SetAction((parse, ct) => RunAsync(env, options, parse, "rollover", async (manager, json, console, token) =>
        {
            var result = await manager.RolloverAsync(parse.GetValue(zoneArgument)!,
                new RolloverOptions(parse.GetValue(options.DryRun), parse.GetValue(options.Force)), token).ConfigureAwait(false);
            return (json ? RolloverJson(result) : RolloverText(console, result), ExitCodes.Ok);
        }, ct));

        foreach (var command in new[] { status, enable, disable, ds, rollover })
        {
            dnssec.Subcommands.Add(command);
        }

        return dnssec;
    }

    private static DnssecSettings Settings(ParseResult parse, DnssecOptions options)
    {
        var nsec3 = parse.GetValue(options.Nsec3) || parse.GetResult(options.Nsec3Iterations) is not null || parse.GetResult(options.Nsec3Salt) is not null
                    || parse.GetValue(options.Nsec3OptOut)
            ? new Nsec3Settings(parse.GetValue(options.Nsec3Iterations), parse.GetValue(options.Nsec3Salt) ?? "", parse.GetValue(options.Nsec3OptOut))
            : null;
        var settings = new DnssecSettings(true, parse.GetValue(options.Algorithm), parse.GetValue(options.SplitKeys), nsec3);
        return settings.TryValidate(out var error) ? settings : throw new DnssecUsageException(error);
    }

    private static async Task<int> RunAsync(CliEnvironment env, DnssecOptions options, ParseResult parse, string verb,
        Func<IDnssecManager, bool, IAnsiConsole, CancellationToken, Task<(string? Text, int ExitCode)>> run, CancellationToken cancellationToken)
    {
        var name = $"dns dnssec {verb}";
        try
        {
            using var providers = await CliDnsProviders.LoadAsync(parse.GetValue(options.Config), parse.GetValue(options.Timeout), env, cancellationToken).ConfigureAwait(false);
            var (providerName, _) = providers.Get(parse.GetValue(options.Provider), null, "DNSSEC");
            var manager = providers.GetDnssec(providerName);
            var (text, exitCode) = await run(manager, parse.GetValue(options.Json), ConsoleFactory.Create(env), cancellationToken).ConfigureAwait(false);
            if (text is not null)
            {
                await env.Output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return exitCode;
        }
        catch (Exception ex) when (ex is DnssecUsageException or DnsCommandException or DnsConfigException or ArgumentException)
        {
            return await CommandFailure.UsageAsync(env, name, ex.Message).ConfigureAwait(false);
        }
        catch (DnsProviderException ex)
        {
            return await CommandFailure.ProviderAsync(env, name, ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    private static string? StatusText(IAnsiConsole console, DnssecStatus status, IReadOnlyList<string> findings)
    {
        console.MarkupLine(Markup.Escape($"{status.Zone} at {status.Server}: {(status.IsSigned ? "signed" : "not signed")}, " +
            (status.Nsec3 is { } n ? string.Create(CultureInfo.InvariantCulture, $"NSEC3 (iterations {n.Iterations}, salt {(n.NormalizedSalt.Length == 0 ? "-" : n.NormalizedSalt)}{(n.OptOut ? ", opt-out" : "")})") : "NSEC")));
        if (status.Keys.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Key tag").AddColumn("Role").AddColumn("Algorithm").AddColumn("Served").AddColumn("Signs").AddColumn("PowerDNS id");
            foreach (var key in status.Keys)
            {
                var signs = key.SignsKeys && key.SignsRecords ? "keys, records" : key.SignsKeys ? "keys" : key.SignsRecords ? "records" : "nothing";
                table.AddRow(key.KeyTag.ToString(CultureInfo.InvariantCulture), key.Role, key.Algorithm.ToString(CultureInfo.InvariantCulture), key.Served ? "yes" : "no",
                    signs, key.ProviderKeyId is { } id ? string.Create(CultureInfo.InvariantCulture, $"{id}{(key.Active == true ? " active" : " inactive")}") : "");
            }

            console.Write(table);
        }

        foreach (var cds in status.Cds)
        {
            console.MarkupLine(Markup.Escape($"CDS {cds}"));
        }

        if (status.Health is { } health)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"signatures: {health.SignatureCount} over {health.RrsetCount} RRsets; ") +
                (health.EarliestExpiry is { } first
                    ? string.Create(CultureInfo.InvariantCulture, $"first to expire: {first.Owner} {first.TypeCovered} on {first.Expiration:yyyy-MM-dd HH:mm}Z, in {health.DaysUntilEarliestExpiry:0.0} days")
                    : "none")));
            if (health.KeysWithoutSignatures.Count > 0)
            {
                console.MarkupLine(Markup.Escape($"keys without signatures: {string.Join(", ", health.KeysWithoutSignatures)}"));
            }
        }
        else if (status.HealthError is { } why)
        {
            console.MarkupLine(Markup.Escape($"signature health unknown: {why}"));
        }

        console.MarkupLine(Markup.Escape(status.Parent.ParentIsLocal
            ? status.Parent.Ds.Count == 0 ? "parent (on this server): no DS" : $"parent DS: {string.Join("; ", status.Parent.Ds)} ({(status.Parent.Mismatch ? "matches no key" : "matches key " + string.Join(", ", status.Parent.MatchingKeyTags))})"
            : "parent: not on this server (DS not checked)"));
        if (status.ServerReport is { } report)
        {
            console.MarkupLine("[grey]server report:[/]");
            console.WriteLine(report);
        }

        foreach (var finding in findings)
        {
            console.MarkupLine($"[red]finding[/]: {Markup.Escape(finding)}");
        }

        return null;
    }

    private static string StatusJson(DnssecStatus status, IReadOnlyList<string> findings) => Json(w =>
    {
        w.WriteString("zone", status.Zone);
        w.WriteString("server", status.Server);
        w.WriteBoolean("signed", status.IsSigned);
        w.WriteStartArray("keys");
        foreach (var key in status.Keys)
        {
            w.WriteStartObject();
            w.WriteNumber("keyTag", key.KeyTag);
            w.WriteString("role", key.Role);
            w.WriteNumber("algorithm", key.Algorithm);
            w.WriteNumber("flags", key.Flags);
            w.WriteBoolean("served", key.Served);
            w.WriteBoolean("signsKeys", key.SignsKeys);
            w.WriteBoolean("signsRecords", key.SignsRecords);
            if (key.ProviderKeyId is { } id)
            {
                w.WriteNumber("providerKeyId", id);
                w.WriteBoolean("active", key.Active == true);
            }

            w.WriteString("dnskey", key.DnsKey);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        JsonOutput.WriteStringArray(w, "cds", status.Cds);
        JsonOutput.WriteStringArray(w, "cdnskey", status.Cdnskey);
        if (status.Nsec3 is { } n)
        {
            w.WriteStartObject("nsec3");
            w.WriteNumber("iterations", n.Iterations);
            w.WriteString("salt", n.NormalizedSalt);
            w.WriteBoolean("optOut", n.OptOut);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("nsec3");
        }

        w.WriteStartObject("signatures");
        if (status.Health is { } health)
        {
            w.WriteNumber("count", health.SignatureCount);
            w.WriteNumber("rrsets", health.RrsetCount);
            if (health.EarliestExpiry is { } first)
            {
                w.WriteString("earliestExpiry", first.Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteString("earliestExpiryRrset", $"{first.Owner} {first.TypeCovered}");
                w.WriteNumber("daysLeft", Math.Round(health.DaysUntilEarliestExpiry ?? 0, 2));
            }

            JsonOutput.WriteStringArray(w, "unsignedRrsets", health.UnsignedRrsets);
            JsonOutput.WriteStringArray(w, "keysWithoutSignatures", health.KeysWithoutSignatures.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            w.WriteString("error", status.HealthError);
        }

        w.WriteEndObject();
        w.WriteStartObject("parent");
        w.WriteBoolean("local", status.Parent.ParentIsLocal);
        JsonOutput.WriteStringArray(w, "ds", status.Parent.Ds);
        w.WriteBoolean("mismatch", status.Parent.Mismatch);
        w.WriteEndObject();
        w.WriteString("serverReport", status.ServerReport);
        JsonOutput.WriteStringArray(w, "findings", findings);
    });

    private static string? Change(IAnsiConsole console, bool json, DnssecChangeResult result)
    {
        if (json)
        {
            return Json(w =>
            {
                w.WriteString("zone", result.Zone);
                w.WriteBoolean("changed", result.Changed);
                w.WriteBoolean("dryRun", result.DryRun);
                JsonOutput.WriteStringArray(w, "actions", result.Actions);
                w.WriteString("manualStep", result.ManualStep);
            });
        }

        console.MarkupLine(!result.Changed ? $"[green]no change[/]: {Markup.Escape(result.Zone)}"
            : result.DryRun ? $"[yellow]would change[/]: {Markup.Escape(result.Zone)}" : $"[green]changed[/]: {Markup.Escape(result.Zone)}");
        foreach (var action in result.Actions)
        {
            console.MarkupLine(Markup.Escape($"  {action}"));
        }

        if (result.ManualStep is { } manual)
        {
            console.MarkupLine("[yellow]next[/]:");
            console.WriteLine(manual);
        }

        return null;
    }

    private static string? RolloverText(IAnsiConsole console, RolloverState state)
    {
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{state.Zone}: {state.Method}") +
            (state.Steps > 0 ? string.Create(CultureInfo.InvariantCulture, $", step {state.Step} of {state.Steps}") : "")));
        console.MarkupLine(Markup.Escape($"  state: {state.State}"));
        foreach (var action in state.Actions)
        {
            console.MarkupLine(Markup.Escape($"  done: {action}"));
        }

        if (state.Next is { } next)
        {
            console.MarkupLine(Markup.Escape($"  next: {next}" + (state.NotBefore is { } t ? $" (not before {t.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; run this command again then)" : "")));
        }

        if (state.ServerReport is { } report)
        {
            console.WriteLine(report);
        }

        return null;
    }

    private static string RolloverJson(RolloverState state) => Json(w =>
    {
        w.WriteString("zone", state.Zone);
        w.WriteString("method", state.Method);
        w.WriteNumber("step", state.Step);
        w.WriteNumber("steps", state.Steps);
        w.WriteString("state", state.State);
        JsonOutput.WriteStringArray(w, "actions", state.Actions);
        w.WriteString("next", state.Next);
        w.WriteString("notBefore", state.NotBefore?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteBoolean("waiting", state.Waiting);
        w.WriteString("serverReport", state.ServerReport);
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Indented))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A usage or input error found before anything was sent.</summary>
    private sealed class DnssecUsageException(string message) : Exception(message);

    /// <summary>Options every dnssec subcommand takes.</summary>
    private sealed class DnssecOptions
    {
        public Option<string> Config { get; } = new("--config") { Description = "pguide.yaml to read the providers from.", Recursive = true };

        public Option<string> Provider { get; } = new("--provider") { Description = "The provider's name in pguide.yaml (needed when it names several).", Recursive = true };

        public Option<int> Algorithm { get; } = new("--algorithm")
        {
            Description = "enable: 13 ECDSAP256SHA256 (default), 14 ECDSAP384SHA384, 15 ED25519, 8 RSASHA256.", DefaultValueFactory = _ => 13, Recursive = true,
        };

        public Option<bool> SplitKeys { get; } = new("--split-keys") { Description = "enable: a KSK and a ZSK instead of one combined signing key (CSK); needed for ZSK rollovers.", Recursive = true };

        public Option<bool> Nsec3 { get; } = new("--nsec3") { Description = "enable: NSEC3 instead of NSEC (defaults: 0 iterations, no salt, RFC 9276).", Recursive = true };

        public Option<int> Nsec3Iterations { get; } = new("--nsec3-iterations") { Description = "enable: NSEC3 extra iterations, 0-100 (implies --nsec3).", Recursive = true };

        public Option<string> Nsec3Salt { get; } = new("--nsec3-salt") { Description = "enable: NSEC3 salt in hex, '-' for none (implies --nsec3; BIND uses only its length).", Recursive = true };

        public Option<bool> Nsec3OptOut { get; } = new("--nsec3-opt-out") { Description = "enable: NSEC3 opt-out (implies --nsec3).", Recursive = true };

        public Option<int> Digest { get; } = new("--digest") { Description = "ds: digest type 2 SHA-256 (default), 4 SHA-384, 1 SHA-1.", DefaultValueFactory = _ => 2, Recursive = true };

        public Option<double> WarnDays { get; } = new("--warn-days") { Description = "status: a signature expiring within this many days is a finding (exit 1).", DefaultValueFactory = _ => 7, Recursive = true };

        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "enable/disable/rollover: say what would change; change nothing.", Recursive = true };

        public Option<bool> Force { get; } = new("--force") { Description = "rollover: take the next step even if the TTL wait after the last one has not passed.", Recursive = true };

        public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object (schema in docs/dns-dnssec.md).", Recursive = true };

        public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for each request to the server.", DefaultValueFactory = _ => 15, Recursive = true };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Config, Provider, Algorithm, SplitKeys, Nsec3, Nsec3Iterations, Nsec3Salt, Nsec3OptOut, Digest, WarnDays, DryRun, Force, Json, Timeout })
            {
                command.Options.Add(option);
            }
        }
    }
}
