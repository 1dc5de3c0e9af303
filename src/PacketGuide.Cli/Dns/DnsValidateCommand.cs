using System.CommandLine;
using System.Globalization;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Cli.Dns;

/// <summary><c>pguide dns validate</c>: zones (from specs, or named) checked against their authoritative servers (<see cref="ZoneValidator"/>).</summary>
internal static class DnsValidateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Zone specs (files or directories) whose declared records to check; default: zones/ when it exists.", Arity = ArgumentArity.ZeroOrMore };
        var zones = new Option<string[]>("--zone") { Description = "Validate this zone as served (no spec); repeatable.", AllowMultipleArgumentsPerToken = true };
        var servers = new Option<string[]>("--server") { Description = "An authoritative server, HOST[:PORT]; repeatable. Default: each spec's provider (its DNS address).", AllowMultipleArgumentsPerToken = true };
        var parents = new Option<string[]>("--parent-server") { Description = "A server of the parent zone, HOST[:PORT]; repeatable: checks the delegation (NS and glue at the parent).", AllowMultipleArgumentsPerToken = true };
        var keyFile = new Option<string>("--tsig-key-file") { Description = "Sign zone transfers with this BIND key file (default: the provider's key)." };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 on findings at or above this severity: warning or error.", DefaultValueFactory = _ => "error" };
        failOn.AcceptOnlyFromAmong("warning", "error");
        var publicZone = new Option<bool>("--public") { Description = "The zones are public: private and reserved addresses in them are errors." };
        var warnDays = new Option<double>("--rrsig-warn-days") { Description = "Signatures expiring within this many days are a warning.", DefaultValueFactory = _ => 7 };
        var skip = new Option<string[]>("--skip") { Description = "Check ids not to run (see docs/dns-validate.md), e.g. --skip ptr-missing latency.", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of the table (shape: docs/dns-validate.md)." };
        var junit = new Option<string>("--junit") { Description = "Also write JUnit XML here: one test case per check and zone, for CI." };
        var html = new Option<string>("--html") { Description = "Also write a self-contained HTML report here." };
        var prom = new Option<string>("--prom-textfile") { Description = "Also write node_exporter textfile metrics here (check results, RRSIG expiry, serial lag, latency)." };
        var watch = new Option<string>("--watch") { Description = "Run again every interval (60s, 5m, 1h) and print only what changed; files are rewritten each run." };
        var config = new Option<string>("--config") { Description = "pguide.yaml to read the providers from." };
        var provider = new Option<string>("--provider") { Description = "The provider for specs that name none." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 2 };
        var validate = new Command("validate",
            "Check zones against every authoritative server: reachability (UDP and TCP, lame servers), SOA serial and NS agreement,\n" +
            "declared records served alike everywhere, CNAME chains, MX/SRV/NS targets, PTRs, TTL and SOA policy, private\n" +
            "addresses (--public), and DNSSEC (keys, signatures and their expiry, the parent's DS when local, algorithms).\n" +
            "Examples:\n" +
            "  pguide dns validate                                        # every spec in zones/, servers from pguide.yaml\n" +
            "  pguide dns validate --zone example.com --server 192.0.2.53 --server 198.51.100.53\n" +
            "  pguide dns validate zones/ --fail-on warning --skip latency\n" +
            "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or invalid spec, 3 a server unreachable.")
        {
            paths, zones, servers, parents, keyFile, failOn, publicZone, warnDays, skip, json, junit, html, prom, watch, config, provider, timeout,
        };
        validate.SetAction(async (parse, ct) =>
        {
            try
            {
                var seconds = parse.GetValue(timeout);
                if (!(seconds > 0 && seconds <= 60))
                {
                    throw new DnsCommandException(string.Create(CultureInfo.InvariantCulture, $"--timeout: {seconds} must be more than 0 and at most 60 seconds."));
                }

                var wait = TimeSpan.FromSeconds(seconds);
                var parentServers = new List<DnsServer>();
                foreach (var text in parse.GetValue(parents) ?? [])
                {
                    parentServers.Add(DnsServer.TryParse(text, 53, out var parent, out var parentError) ? parent : throw new DnsCommandException($"--parent-server {text}: {parentError}"));
                }

                var targets = (await TargetsAsync(parse, paths, zones, servers, keyFile, config, provider, env, ct).ConfigureAwait(false))
                    .Select(t => parentServers.Count > 0 ? t with { ParentServers = parentServers } : t).ToList();
                var options = new ValidationOptions
                {
                    PublicZone = parse.GetValue(publicZone),
                    RrsigWarnDays = parse.GetValue(warnDays),
                    Skip = (parse.GetValue(skip) ?? []).ToHashSet(StringComparer.Ordinal),
                };
                var unknown = options.Skip.Where(id => ValidationChecks.All.All(c => c.Id != id)).ToList();
                if (unknown.Count > 0)
                {
                    throw new DnsCommandException($"--skip: {string.Join(", ", unknown)} is not a check id ({string.Join(", ", ValidationChecks.All.Select(c => c.Id))}).");
                }

                TimeSpan? every = null;
                if (parse.GetValue(watch) is { } interval)
                {
                    every = Durations.TryParse(interval, out var parsed) && parsed > TimeSpan.Zero
                        ? parsed : throw new DnsCommandException($"--watch: '{interval}' is not an interval such as 60s, 5m or 1h.");
                }

                var threshold = parse.GetValue(failOn) == "warning" ? ValidationSeverity.Warning : ValidationSeverity.Error;
                var console = ConsoleFactory.Create(env);
                ValidationReport? previous = null;
                while (true)
                {
                    var report = await RunAsync(targets, options, wait, env, ct).ConfigureAwait(false);
                    await WriteFilesAsync(report, parse.GetValue(junit), parse.GetValue(html), parse.GetValue(prom), threshold, ct).ConfigureAwait(false);
                    if (parse.GetValue(json))
                    {
                        await env.Output.WriteLineAsync(JsonOutput.Document(w => ValidationJson.Write(w, report))).ConfigureAwait(false);
                    }
                    else if (previous is null)
                    {
                        ValidationView.Render(console, report);
                    }
                    else
                    {
                        ValidationView.Changes(console, ValidationDiff.Between(previous, report), env.Time.GetLocalNow());
                    }

                    if (every is not { } pause)
                    {
                        return ValidationExit.Code(report, threshold);
                    }

                    previous = report;
                    await Task.Delay(pause, env.Time, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception ex) when (ex is DnsCommandException or IOException or UnauthorizedAccessException)
            {
                return await CommandFailure.UsageAsync(env, "dns validate", ex.Message).ConfigureAwait(false);
            }
        });
        return validate;
    }

    private static async Task<ValidationReport> RunAsync(IReadOnlyList<ZoneValidationTarget> targets, ValidationOptions options, TimeSpan wait, CliEnvironment env,
        CancellationToken cancellationToken)
    {
        await using var resolver = new EngineValidationResolver(env.Time, wait);
        var validator = new ZoneValidator(resolver, env.Time, wait);
        var started = env.Time.GetUtcNow();
        var results = new List<ZoneValidation>();
        foreach (var target in targets)
        {
            results.Add(await validator.ValidateAsync(target, options, cancellationToken).ConfigureAwait(false));
        }

        return new ValidationReport(started, env.Time.GetUtcNow() - started, results) { Queries = resolver.Queries };
    }

    private static async Task WriteFilesAsync(ValidationReport report, string? junit, string? html, string? prom, ValidationSeverity failOn, CancellationToken cancellationToken)
    {
        if (junit is not null)
        {
            await ValidationJUnit.WriteFileAsync(junit, report, failOn, cancellationToken).ConfigureAwait(false);
        }

        if (html is not null)
        {
            await ValidationHtml.WriteFileAsync(html, report, cancellationToken).ConfigureAwait(false);
        }

        if (prom is not null)
        {
            await PrometheusTextfile.WriteFileAsync(prom, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<ZoneValidationTarget>> TargetsAsync(ParseResult parse, Argument<string[]> paths, Option<string[]> zones, Option<string[]> servers,
        Option<string> keyFile, Option<string> config, Option<string> provider, CliEnvironment env, CancellationToken cancellationToken)
    {
        var explicitServers = new List<DnsServer>();
        foreach (var text in parse.GetValue(servers) ?? [])
        {
            explicitServers.Add(DnsServer.TryParse(text, 53, out var server, out var error) ? server : throw new DnsCommandException($"--server {text}: {error}"));
        }

        TsigKey? key = null;
        if (parse.GetValue(keyFile) is { } file && !TsigKey.TryReadBindKeyFile(file, out key, out var keyError))
        {
            throw new DnsCommandException($"--tsig-key-file {file}: {keyError}");
        }

        var targets = new List<ZoneValidationTarget>();
        foreach (var zone in parse.GetValue(zones) ?? [])
        {
            if (explicitServers.Count == 0)
            {
                throw new DnsCommandException($"--zone {zone}: give its authoritative servers with --server HOST[:PORT].");
            }

            targets.Add(new ZoneValidationTarget(zone.TrimEnd('.').ToLowerInvariant() + ".", explicitServers, TransferKey: key));
        }

        var given = parse.GetValue(paths);
        if (given is { Length: > 0 } || (targets.Count == 0 && Directory.Exists("zones")))
        {
            var (specs, findings) = await ZoneSpecReader.ReadAllAsync(DnsCheckCommand.Paths(given), cancellationToken).ConfigureAwait(false);
            await DnsCheckCommand.PrintAsync(env, findings.Where(f => f.Severity == ZoneFindingSeverity.Error)).ConfigureAwait(false);
            if (findings.Any(f => f.Severity == ZoneFindingSeverity.Error))
            {
                throw new DnsCommandException("the zone specs have errors (above); `pguide dns check` lists them.");
            }

            var definitions = explicitServers.Count > 0 ? [] : await Definitions(parse.GetValue(config)).ConfigureAwait(false);
            foreach (var spec in specs)
            {
                if (explicitServers.Count > 0)
                {
                    targets.Add(new ZoneValidationTarget(spec.Zone, explicitServers, [.. spec.RecordSets.Select(d => d.Set)], spec.Dnssec?.Enabled, key));
                    continue;
                }

                try
                {
                    targets.Add(ZoneValidationTargets.FromSpec(spec, definitions, parse.GetValue(provider), key, Environment.GetEnvironmentVariable));
                }
                catch (DnsConfigException ex)
                {
                    throw new DnsCommandException(ex.Message);
                }
            }
        }

        return targets.Count > 0 ? targets : throw new DnsCommandException("nothing to validate: give zone specs (or have zones/), or --zone ZONE --server HOST.");

        async Task<IReadOnlyList<DnsProviderDefinition>> Definitions(string? path)
        {
            var found = path ?? DnsConfigLoader.Find(Environment.GetEnvironmentVariable)
                ?? throw new DnsCommandException("no --server and no pguide.yaml to find the specs' servers in; give --server HOST[:PORT] or --config.");
            try
            {
                return await DnsConfigLoader.LoadProvidersAsync(found, cancellationToken).ConfigureAwait(false);
            }
            catch (DnsConfigException ex)
            {
                throw new DnsCommandException(ex.Message);
            }
        }
    }
}
