using System.CommandLine;
using System.Globalization;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Cli.Dns;

/// <summary><c>pguide dns export ZONE --format terraform</c>: a zone (its spec, or what the provider holds) as tfvars for the dns-zone module.</summary>
internal static class DnsExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var zoneArgument = new Argument<string>("ZONE") { Description = "The zone to export, e.g. example.com." };
        var format = new Option<string>("--format") { Description = "Output format: terraform (tfvars for deploy/terraform/modules/dns-zone).", Required = true };
        format.AcceptOnlyFromAmong("terraform");
        var from = new Option<string>("--from") { Description = "spec (the zone's spec in --specs) or provider (what the server holds).", DefaultValueFactory = _ => "spec" };
        from.AcceptOnlyFromAmong("spec", "provider");
        var specs = new Option<string[]>("--specs") { Description = "--from spec: spec files or directories to find the zone in (default: zones/).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Write the tfvars here; default: standard output." };
        var config = new Option<string>("--config") { Description = "--from provider: pguide.yaml to read the providers from." };
        var provider = new Option<string>("--provider") { Description = "--from provider: the provider's name." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the provider.", DefaultValueFactory = _ => 60 };
        var export = new Command("export",
            "Write a zone as Terraform variables for deploy/terraform/modules/dns-zone (hashicorp/dns, RFC 2136 + TSIG), from its\n" +
            "spec or from what its provider holds. Types the module cannot manage (SOA, DNSSEC, CAA, apex NS, ...) are left out\n" +
            "and listed on stderr with the reason, never dropped silently.\n" +
            "Examples:\n" +
            "  pguide dns export example.com --format terraform --out example.com.tfvars\n" +
            "  pguide dns export example.com --format terraform --from provider --provider pdns-main\n" +
            "Exit codes: 0 written (some RRsets may be left out: see stderr), 2 usage error or invalid spec, 3 provider unreachable.")
        {
            zoneArgument, format, from, specs, output, config, provider, timeout,
        };
        export.SetAction(async (parse, ct) =>
        {
            try
            {
                var zoneText = parse.GetValue(zoneArgument)!;
                if (!QueryName.TryNormalize(zoneText.EndsWith('.') ? zoneText : zoneText + ".", out var zone, out var zoneError))
                {
                    throw new DnsCommandException($"ZONE: {zoneError}");
                }

                zone = zone.ToLowerInvariant();
                var (sets, defaultTtl) = parse.GetValue(from) == "provider"
                    ? await FromProviderAsync(parse.GetValue(config), parse.GetValue(provider), zone, parse.GetValue(timeout), env, ct).ConfigureAwait(false)
                    : await FromSpecAsync(DnsCheckCommand.Paths(parse.GetValue(specs)), zone, env, ct).ConfigureAwait(false);
                var result = TerraformExport.ToTfvars(zone, defaultTtl, sets);
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, result.Text, ct).ConfigureAwait(false);
                }
                else
                {
                    await env.Output.WriteAsync(result.Text.AsMemory(), ct).ConfigureAwait(false);
                }

                foreach (var skip in result.Skipped)
                {
                    await env.Error.WriteLineAsync($"pguide dns export: left out {skip.Set.Name} {skip.Set.Type}: {skip.Reason}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DnsCommandException or DnsConfigException or IOException or UnauthorizedAccessException)
            {
                return await CommandFailure.UsageAsync(env, "dns export", ex.Message).ConfigureAwait(false);
            }
            catch (DnsProviderException ex)
            {
                return await CommandFailure.ProviderAsync(env, "dns export", ex).ConfigureAwait(false);
            }
        });
        return export;
    }

    private static async Task<(IReadOnlyList<DnsRecordSet>, int)> FromSpecAsync(string[] paths, string zone, CliEnvironment env, CancellationToken cancellationToken)
    {
        var (specs, findings) = await ZoneSpecReader.ReadAllAsync(paths, cancellationToken).ConfigureAwait(false);
        var spec = specs.FirstOrDefault(s => s.Zone == zone);
        if (spec is null)
        {
            await DnsCheckCommand.PrintAsync(env, findings.Where(f => f.Severity == ZoneFindingSeverity.Error)).ConfigureAwait(false);
            throw new DnsCommandException(findings.Any(f => f.Severity == ZoneFindingSeverity.Error)
                ? $"no valid spec of {zone} in {string.Join(", ", paths)} (errors above)."
                : $"no spec of {zone} in {string.Join(", ", paths)}; give --specs, or --from provider.");
        }

        return ([.. spec.RecordSets.Select(d => d.Set)], spec.DefaultTtl);
    }

    private static async Task<(IReadOnlyList<DnsRecordSet>, int)> FromProviderAsync(string? config, string? name, string zone, double timeout, CliEnvironment env,
        CancellationToken cancellationToken)
    {
        using var providers = await CliDnsProviders.LoadAsync(config, timeout, env, cancellationToken).ConfigureAwait(false);
        var (_, provider) = providers.Get(name, null, zone);
        var live = (await provider.ListAsync(zone, cancellationToken).ConfigureAwait(false)).Where(s => !OwnershipMarkers.IsMarkerName(s.Name)).ToList();
        return (live, DnsRecordSets.CommonTtl(live, DnsRecordEditor.DefaultTtl));
    }
}
