using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using PacketGuide.Server;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.Cli.Serve;

/// <summary><c>pguide serve</c>: binds options and runs <see cref="ServeHost"/>. No service logic lives here.</summary>
internal static class ServeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var config = new Option<string>("--config") { Description = "pguide.yaml to read (default: ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml). Settings are under 'serve:'." };
        var urls = new Option<string[]>("--urls") { Description = "Where to listen (repeatable); overrides serve.urls. Default http://127.0.0.1:8080.", AllowMultipleArgumentsPerToken = true };
        var demo = new Option<bool>("--demo") { Description = "Replay the bundled Kea sample log as live traffic (no DHCP server needed); the read API needs no key unless serve.security.anonymous-read says otherwise." };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the SQLite store, tail checkpoints and demo files live; overrides serve.data-dir (default ./pguide-data)." };
        var logs = new Option<string[]>("--log") { Description = "A DHCP log or glob to follow (repeatable), added to serve.dhcp.logs: '/var/log/kea/kea-dhcp4.log*'.", AllowMultipleArgumentsPerToken = true };
        var fromStart = new Option<bool>("--from-start") { Description = "On the first run, read the logs from their beginning (later runs resume from checkpoints); overrides serve.dhcp.from-start." };
        var dhcpConfig = new Option<string>("--dhcp-config") { Description = "kea-dhcp4/6.conf or dhcpd.conf for pool sizes; overrides serve.dhcp.config." };
        var command = new Command("serve",
            "Run the PacketGuide service: REST API (/api/v1, OpenAPI at /openapi/v1.json, docs at /docs), Prometheus /metrics,\n" +
            "/healthz and /readyz, the dashboard at /, and the live pipeline that follows DHCP logs into lease state and the store\n" +
            "(SQLite in the data directory by default; PostgreSQL with serve.storage.provider: postgresql). With dns.providers\n" +
            "and serve.dns in pguide.yaml: DNS records and zone plans through the API, and DNS validation every 5 minutes.\n" +
            "API keys: pguide apikey create --name NAME --scope read|write|admin (or serve.security.jwt for SSO tokens).\n" +
            "Settings: docs/serve.md.\n" +
            "Examples:\n" +
            "  pguide serve --demo                                   # sample traffic, open http://127.0.0.1:8080/\n" +
            "  pguide serve --log '/var/log/kea/kea-dhcp4.log*' --dhcp-config /etc/kea/kea-dhcp4.conf\n" +
            "  PGUIDE_SERVE__STORAGE__PROVIDER=postgresql PGUIDE_SERVE__STORAGE__CONNECTION_STRING=env:PGUIDE_DB pguide serve\n" +
            "Exit codes: 0 stopped (Ctrl-C, SIGTERM), 2 invalid configuration or address in use, 3 store unreachable.")
        {
            config, urls, demo, dataDir, logs, fromStart, dhcpConfig,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            ServeOptions options;
            try
            {
                options = await ServeConfiguration.LoadAsync(parse.GetValue(config), cancellationToken).ConfigureAwait(false);
            }
            catch (ServeConfigException ex)
            {
                return await CommandFailure.UsageAsync(env, "serve", ex.Message).ConfigureAwait(false);
            }

            options = options with
            {
                Demo = parse.GetValue(demo),
                Urls = parse.GetValue(urls) is { Length: > 0 } u ? u : options.Urls,
                DataDirectory = parse.GetValue(dataDir) ?? options.DataDirectory,
                Dhcp = options.Dhcp with
                {
                    Logs = [.. options.Dhcp.Logs, .. parse.GetValue(logs) ?? []],
                    Config = parse.GetValue(dhcpConfig) ?? options.Dhcp.Config,
                    FromStart = parse.GetValue(fromStart) || options.Dhcp.FromStart,
                },
            };

            WebApplication app;
            try
            {
                app = await ServeHost.BuildAsync(options, env.Time, logging: null, cancellationToken).ConfigureAwait(false);
            }
            catch (ServeConfigException ex)
            {
                return await CommandFailure.UsageAsync(env, "serve", ex.Message).ConfigureAwait(false);
            }
            catch (StoreException ex)
            {
                await env.Error.WriteLineAsync($"pguide serve: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Kestrel: address in use, or a port it may not bind.
                    return await CommandFailure.UsageAsync(env, "serve", $"cannot listen on {string.Join(", ", options.Urls)} ({ex.Message}); choose another with --urls.").ConfigureAwait(false);
                }

                var store = ((StoreDatabase)app.Services.GetService(typeof(StoreDatabase))!).Description;
                var demoNote = options.Demo ? "; demo traffic on" + (options.Security.AnonymousRead == false ? "" : ", read API open without a key") : "";
                await env.Error.WriteLineAsync($"pguide serve: listening on {string.Join(", ", app.Urls)}; store {store}{demoNote}. Ctrl-C stops.").ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
