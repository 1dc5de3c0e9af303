using System.CommandLine;
using PacketGuide.Dns.Config;
using PacketGuide.Server.Dashboard;

namespace PacketGuide.Cli.Serve;

/// <summary><c>pguide dashboard export DIR</c>: binds options and calls <see cref="DashboardExport"/>.</summary>
internal static class DashboardCommand
{
    public static Command Create(CliEnvironment env)
    {
        var directory = new Argument<string>("DIR") { Description = "Where to write index.html, ui/ and snapshot.json (created if missing)." };
        var url = new Option<string>("--url") { Description = "The running pguide serve to copy from.", DefaultValueFactory = _ => "http://127.0.0.1:8080/" };
        var apiKey = new Option<string>("--api-key") { Description = "A read key as env:NAME or file:/path (never the key itself on the command line)." };
        var maxLeases = new Option<int>("--max-leases") { Description = "At most this many leases in the snapshot (in address order).", DefaultValueFactory = _ => 10_000 };
        var export = new Command("export",
            "Write the dashboard as static files plus snapshot.json (subnets, leases, the last 1,000 events, the last hour's\n" +
            "event rate, servers) copied from a running pguide serve, for any static web server. Browsers load the pages'\n" +
            "modules over HTTP only: serve DIR (python3 -m http.server -d DIR), do not open it as a file.\n" +
            "Examples:\n" +
            "  pguide dashboard export /var/www/pguide\n" +
            "  pguide dashboard export site --url https://pguide.example.net/ --api-key env:PGUIDE_KEY\n" +
            "Exit codes: 0 written, 2 refused (key, URL) or bad option, 3 service unreachable.")
        {
            directory, url, apiKey, maxLeases,
        };
        export.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                return await CommandFailure.UsageAsync(env, "dashboard export", $"--url '{parse.GetValue(url)}' is not an http:// or https:// URL.").ConfigureAwait(false);
            }

            if (parse.GetValue(maxLeases) is < 0 or > 1_000_000)
            {
                return await CommandFailure.UsageAsync(env, "dashboard export", "--max-leases must be from 0 to 1000000.").ConfigureAwait(false);
            }

            string? key = null;
            if (parse.GetValue(apiKey) is { } reference)
            {
                if (!SecretReference.TryParse(reference, out var secret, out var error))
                {
                    return await CommandFailure.UsageAsync(env, "dashboard export", $"--api-key {error}").ConfigureAwait(false);
                }

                try
                {
                    key = secret!.Resolve(Environment.GetEnvironmentVariable);
                }
                catch (DnsConfigException ex)
                {
                    return await CommandFailure.UsageAsync(env, "dashboard export", ex.Message).ConfigureAwait(false);
                }
            }

            using var client = DashboardExport.CreateClient(baseUrl, key);
            try
            {
                var target = parse.GetValue(directory)!;
                var (leases, events) = await DashboardExport.ExportAsync(client, target, parse.GetValue(maxLeases), env.Time, cancellationToken).ConfigureAwait(false);
                await env.Error.WriteLineAsync($"pguide dashboard export: wrote {target} ({leases} leases, {events} events). Serve it over HTTP, e.g. python3 -m http.server -d {target}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (DashboardExportException ex)
            {
                await env.Error.WriteLineAsync($"pguide dashboard export: {ex.Message}").ConfigureAwait(false);
                return ex.Unreachable ? ExitCodes.Unreachable : ExitCodes.UsageOrInput;
            }
            catch (IOException ex)
            {
                return await CommandFailure.UsageAsync(env, "dashboard export", $"{parse.GetValue(directory)}: cannot write ({ex.Message}).").ConfigureAwait(false);
            }
        });

        return new Command("dashboard", "The web dashboard of pguide serve, as static files.") { export };
    }
}
