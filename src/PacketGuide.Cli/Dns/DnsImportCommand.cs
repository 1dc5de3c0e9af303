using System.CommandLine;
using System.Globalization;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Cli.Dns;

/// <summary><c>pguide dns import ZONE --from provider|axfr|zonefile</c>: a zone spec written from what a server serves.</summary>
internal static class DnsImportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var zoneArgument = new Argument<string>("ZONE") { Description = "The zone to import, e.g. example.com." };
        var from = new Option<string>("--from") { Description = "Where to read the zone: provider (a provider of pguide.yaml), axfr (a zone transfer from --server), zonefile (--file).", Required = true };
        from.AcceptOnlyFromAmong("provider", "axfr", "zonefile");
        var file = new Option<string>("--file") { Description = "--from zonefile: the RFC 1035 zone file (as BIND reads it)." };
        var server = new Option<string>("--server") { Description = "--from axfr: the server to transfer from, HOST[:PORT] (it must allow the transfer)." };
        var keyFile = new Option<string>("--tsig-key-file") { Description = "--from axfr: sign the transfer with this BIND key file (as tsig-keygen writes it)." };
        var output = new Option<string>("--out") { Description = "Write the spec here (refuses an existing file unless --overwrite); default: standard output." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var config = new Option<string>("--config") { Description = "--from provider: pguide.yaml to read the providers from." };
        var provider = new Option<string>("--provider") { Description = "--from provider: the provider's name (needed when pguide.yaml names several)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the server.", DefaultValueFactory = _ => 30 };
        var import = new Command("import",
            "Write a zone spec (zones/<zone>.yaml) from a live zone, so a team can adopt PacketGuide in a minute: names relative to\n" +
            "the zone, the most common TTL as the default, sorted. Left out: the SOA, DNSSEC records, PacketGuide's _pguide markers\n" +
            "and records external-dns owns. Apply the result and PacketGuide marks the records as its own (see docs/dns-zones.md).\n" +
            "Examples:\n" +
            "  pguide dns import example.com --from provider --provider pdns-main --out zones/example.com.yaml\n" +
            "  pguide dns import example.com --from axfr --server 192.0.2.53 --tsig-key-file /etc/bind/xfr.key\n" +
            "  pguide dns import example.com --from zonefile --file /var/lib/bind/db.example.com > zones/example.com.yaml\n" +
            "Exit codes: 0 written, 2 usage error or unreadable input, 3 server unreachable.")
        {
            zoneArgument, from, file, server, keyFile, output, overwrite, config, provider, timeout,
        };
        import.SetAction(async (parse, ct) =>
        {
            try
            {
                var zoneText = parse.GetValue(zoneArgument)!;
                if (!QueryName.TryNormalize(zoneText.EndsWith('.') ? zoneText : zoneText + ".", out var zone, out var zoneError))
                {
                    throw new DnsCommandException($"ZONE: {zoneError}");
                }

                zone = zone.ToLowerInvariant();
                var target = parse.GetValue(output);
                if (target is not null && File.Exists(target) && !parse.GetValue(overwrite))
                {
                    throw new DnsCommandException($"--out {target} exists; give --overwrite to replace it (or review it with `pguide dns plan` first).");
                }

                var (live, source) = parse.GetValue(from) switch
                {
                    "zonefile" => await FromZoneFileAsync(parse.GetValue(file), zone, ct).ConfigureAwait(false),
                    "axfr" => await FromAxfrAsync(parse.GetValue(server), parse.GetValue(keyFile), zone, parse.GetValue(timeout), env, ct).ConfigureAwait(false),
                    _ => await FromProviderAsync(parse.GetValue(config), parse.GetValue(provider), zone, parse.GetValue(timeout), env, ct).ConfigureAwait(false),
                };
                var yaml = ZoneSpecWriter.Write(zone, live, source);
                if (target is null)
                {
                    await env.Output.WriteAsync(yaml.AsMemory(), ct).ConfigureAwait(false);
                }
                else
                {
                    var directory = Path.GetDirectoryName(Path.GetFullPath(target));
                    if (directory is not null)
                    {
                        Directory.CreateDirectory(directory);
                    }

                    await File.WriteAllTextAsync(target, yaml, ct).ConfigureAwait(false);
                    await env.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pguide dns import: wrote {target} ({live.Count} RRsets read from {source}).")).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DnsCommandException or DnsConfigException or FormatException or IOException or UnauthorizedAccessException)
            {
                return await CommandFailure.UsageAsync(env, "dns import", ex.Message).ConfigureAwait(false);
            }
            catch (DnsProviderException ex)
            {
                return await CommandFailure.ProviderAsync(env, "dns import", ex).ConfigureAwait(false);
            }
        });
        return import;
    }

    private static async Task<(IReadOnlyList<DnsRecordSet>, string)> FromZoneFileAsync(string? file, string zone, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            throw new DnsCommandException("--from zonefile needs --file PATH.");
        }

        return (await ZoneFileReader.ReadAsync(file, zone, cancellationToken).ConfigureAwait(false), $"the zone file {file}");
    }

    private static async Task<(IReadOnlyList<DnsRecordSet>, string)> FromAxfrAsync(string? server, string? keyFile, string zone, double timeout, CliEnvironment env,
        CancellationToken cancellationToken)
    {
        if (server is null)
        {
            throw new DnsCommandException("--from axfr needs --server HOST[:PORT].");
        }

        if (!DnsServer.TryParse(server, 53, out var endpoint, out var error))
        {
            throw new DnsCommandException($"--server: {error}");
        }

        TsigKey? key = null;
        if (keyFile is not null && !TsigKey.TryReadBindKeyFile(keyFile, out key, out var keyError))
        {
            throw new DnsCommandException($"--tsig-key-file {keyFile}: {keyError}");
        }

        var transfer = new Rfc2136Provider("axfr", endpoint, [zone], key, TimeSpan.FromSeconds(timeout), env.Time);
        return (await transfer.ListAsync(zone, cancellationToken).ConfigureAwait(false), $"an AXFR from {endpoint}");
    }

    private static async Task<(IReadOnlyList<DnsRecordSet>, string)> FromProviderAsync(string? config, string? name, string zone, double timeout, CliEnvironment env,
        CancellationToken cancellationToken)
    {
        using var providers = await CliDnsProviders.LoadAsync(config, timeout, env, cancellationToken).ConfigureAwait(false);
        var (providerName, provider) = providers.Get(name, null, zone);
        return (await provider.ListAsync(zone, cancellationToken).ConfigureAwait(false), $"provider {providerName}");
    }
}
