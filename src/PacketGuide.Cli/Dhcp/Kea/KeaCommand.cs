using System.CommandLine;
using System.Globalization;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp.Kea;

namespace PacketGuide.Cli.Dhcp.Kea;

/// <summary>
/// <c>pguide dhcp kea status|stats|leases|config</c>: binds the connection options, calls <see cref="KeaControlClient"/>
/// and hands the result to <see cref="KeaReport"/>. No protocol logic lives here.
/// </summary>
internal static class KeaCommand
{
    private const string Connection =
        "Connect with --url (the Kea Control Agent, http:// or https://) or --socket (a server's unix control socket).\n" +
        "The password comes from --password-file or --password-env, never from the command line.\n" +
        "Exit codes: 0 ok, 2 usage error, 3 Kea unreachable or it refused the command (the message says why and what to fix).";

    public static Command Create(CliEnvironment env)
    {
        var options = new KeaConnectionOptions(recursive: true);
        var jsonOption = new Option<bool>("--json") { Description = "Print JSON instead of tables (Kea's arguments; for stats one object).", Recursive = true };
        var kea = new Command("kea",
            "Ask a running ISC Kea server through its control API: status, lease statistics, leases, configuration.\n" +
            "Examples:\n" +
            "  pguide dhcp kea status --socket /run/kea/kea4-ctrl-socket\n" +
            "  pguide dhcp kea stats --url http://127.0.0.1:8000/\n" +
            "  KEA_PASSWORD=... pguide dhcp kea leases --url https://kea1:8000/ --ca-cert ca.pem --user admin --password-env KEA_PASSWORD\n" +
            "  pguide dhcp kea config --url http://127.0.0.1:8000/ --service dhcp6 --json > kea6-config.json\n" +
            Connection);
        options.AddTo(kea);
        kea.Options.Add(jsonOption);
        kea.Subcommands.Add(Sub(env, options, "status",
            "Server status (status-get): pid, uptime, time since the last reload, socket state.",
            "  pguide dhcp kea status --url http://127.0.0.1:8000/\n  pguide dhcp kea status --socket /run/kea/kea4-ctrl-socket --json",
            async (client, console, json, ct) =>
            {
                var status = await client.GetStatusAsync(ct).ConfigureAwait(false);
                return json ? KeaReport.Json(status.Arguments) : KeaReport.Status(console, client, status);
            }));
        kea.Subcommands.Add(Sub(env, options, "stats",
            "Address use per subnet (stat-lease4-get/stat-lease6-get, hook libdhcp_stat_cmds.so): total, assigned, declined, % used;\n" +
            "then the server-wide counters of statistic-get-all (built in).",
            "  pguide dhcp kea stats --url http://127.0.0.1:8000/\n  pguide dhcp kea stats --socket /run/kea/kea4-ctrl-socket --json | jq '.subnets'",
            async (client, console, json, ct) =>
            {
                var subnets = await client.GetLeaseStatisticsAsync(ct).ConfigureAwait(false);
                var statistics = await client.GetStatisticsAsync(ct).ConfigureAwait(false);
                return json ? KeaReport.StatsJson(client, subnets, statistics) : KeaReport.Stats(console, subnets, statistics);
            }));
        kea.Subcommands.Add(Sub(env, options, "leases",
            "Every lease the server holds (lease4-get-all/lease6-get-all, hook libdhcp_lease_cmds.so). No leases is not an error.",
            "  pguide dhcp kea leases --url http://127.0.0.1:8000/\n  pguide dhcp kea leases --socket /run/kea/kea6-ctrl-socket --service dhcp6 --json",
            async (client, console, json, ct) =>
            {
                var leases = await client.GetLeasesAsync(ct).ConfigureAwait(false);
                return json ? KeaReport.Json(leases.Arguments, """{"leases":[]}""") : KeaReport.Leases(console, leases);
            }));
        kea.Subcommands.Add(Sub(env, options, "config",
            "The running configuration (config-get): subnets and pools; --json prints Kea's whole answer arguments.",
            "  pguide dhcp kea config --url http://127.0.0.1:8000/\n  pguide dhcp kea config --socket /run/kea/kea4-ctrl-socket --json > running.json",
            async (client, console, json, ct) =>
            {
                using var config = await client.GetConfigAsync(ct).ConfigureAwait(false);
                return json ? KeaReport.Json(config.Arguments) : KeaReport.Config(console, client, config);
            }));
        return kea;

        Command Sub(CliEnvironment e, KeaConnectionOptions o, string name, string description, string examples,
            Func<KeaControlClient, Spectre.Console.IAnsiConsole, bool, CancellationToken, Task<string?>> run)
        {
            var command = new Command(name, $"{description}\nExamples:\n{examples}\n{Connection}");
            command.SetAction(async (parse, cancellationToken) => await RunAsync(e, o, jsonOption, name, parse, run, cancellationToken).ConfigureAwait(false));
            return command;
        }
    }

    private static async Task<int> RunAsync(CliEnvironment env, KeaConnectionOptions o, Option<bool> jsonOption, string name, ParseResult parse,
        Func<KeaControlClient, Spectre.Console.IAnsiConsole, bool, CancellationToken, Task<string?>> run, CancellationToken cancellationToken)
    {
        var prefix = $"pguide dhcp kea {name}";
        KeaClientOptions clientOptions;
        try
        {
            clientOptions = o.Bind(parse, env);
        }
        catch (KeaConfigurationException ex)
        {
            await env.Error.WriteLineAsync($"{prefix}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }

        try
        {
            using var client = new KeaControlClient(clientOptions);
            var json = await run(client, ConsoleFactory.Create(env), parse.GetValue(jsonOption), cancellationToken).ConfigureAwait(false);
            if (json is not null)
            {
                await env.Output.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (KeaConfigurationException ex)
        {
            await env.Error.WriteLineAsync($"{prefix}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }
        catch (KeaException ex)
        {
            await env.Error.WriteLineAsync($"{prefix}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
