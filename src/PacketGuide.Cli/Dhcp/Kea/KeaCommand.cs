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
        var options = new KeaOptions();
        var kea = new Command("kea",
            "Ask a running ISC Kea server through its control API: status, lease statistics, leases, configuration.\n" +
            "Examples:\n" +
            "  pguide dhcp kea status --socket /run/kea/kea4-ctrl-socket\n" +
            "  pguide dhcp kea stats --url http://127.0.0.1:8000/\n" +
            "  KEA_PASSWORD=... pguide dhcp kea leases --url https://kea1:8000/ --ca-cert ca.pem --user admin --password-env KEA_PASSWORD\n" +
            "  pguide dhcp kea config --url http://127.0.0.1:8000/ --service dhcp6 --json > kea6-config.json\n" +
            Connection);
        options.AddTo(kea);
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

        Command Sub(CliEnvironment e, KeaOptions o, string name, string description, string examples,
            Func<KeaControlClient, Spectre.Console.IAnsiConsole, bool, CancellationToken, Task<string?>> run)
        {
            var command = new Command(name, $"{description}\nExamples:\n{examples}\n{Connection}");
            command.SetAction(async (parse, cancellationToken) => await RunAsync(e, o, name, parse, run, cancellationToken).ConfigureAwait(false));
            return command;
        }
    }

    private static async Task<int> RunAsync(CliEnvironment env, KeaOptions o, string name, ParseResult parse,
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
            var json = await run(client, ConsoleFactory.Create(env), parse.GetValue(o.Json), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The connection options, recursive on <c>kea</c> so every subcommand takes them.</summary>
    private sealed class KeaOptions
    {
        public Option<string> Url { get; } = new("--url") { Description = "Kea Control Agent URL, e.g. http://127.0.0.1:8000/ or https://10.0.0.5:8000/.", Recursive = true };

        public Option<string> Socket { get; } = new("--socket") { Description = "Unix control socket of the server (its control-socket socket-name).", Recursive = true };

        public Option<string> Service { get; } = new("--service")
        {
            Description = "Server behind the agent: dhcp4 or dhcp6 (with --socket: which commands, lease4-* or lease6-*).",
            DefaultValueFactory = _ => "dhcp4",
            Recursive = true,
        };

        public Option<string> User { get; } = new("--user") { Description = "User for the agent's HTTP basic authentication.", Recursive = true };

        public Option<string> PasswordFile { get; } = new("--password-file") { Description = "File whose first line is the password.", Recursive = true };

        public Option<string> PasswordEnv { get; } = new("--password-env") { Description = "Environment variable that holds the password.", Recursive = true };

        public Option<string> CaCert { get; } = new("--ca-cert") { Description = "PEM CA certificate that signed the agent's certificate (https).", Recursive = true };

        public Option<string> ClientCert { get; } = new("--client-cert") { Description = "PEM client certificate, for an agent with cert-required (mutual TLS).", Recursive = true };

        public Option<string> ClientKey { get; } = new("--client-key") { Description = "PEM private key of --client-cert (if not in the same file).", Recursive = true };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of tables (Kea's arguments; for stats one object).", Recursive = true };

        public Option<double> Timeout { get; } = new("--timeout")
        {
            Description = "Seconds to wait for each answer (default 10).",
            DefaultValueFactory = _ => KeaClientOptions.DefaultTimeout.TotalSeconds,
            Recursive = true,
        };

        public Option<bool> Verbose { get; } = new("--verbose") { Description = "Trace each command, target, result and time on stderr (never secrets).", Recursive = true };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Url, Socket, Service, User, PasswordFile, PasswordEnv, CaCert, ClientCert, ClientKey, Json, Timeout, Verbose })
            {
                command.Options.Add(option);
            }

            Service.AcceptOnlyFromAmong("dhcp4", "dhcp6");
        }

        public KeaClientOptions Bind(ParseResult parse, CliEnvironment env)
        {
            var url = parse.GetValue(Url);
            var socket = parse.GetValue(Socket);
            if ((url is null) == (socket is null))
            {
                throw new KeaConfigurationException("give exactly one of --url (control agent) and --socket (unix control socket).");
            }

            Uri? agent = null;
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out agent) || agent.Scheme is not ("http" or "https")))
            {
                throw new KeaConfigurationException("--url must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8000/.");
            }

            var seconds = parse.GetValue(Timeout);
            if (!(seconds > 0 && seconds <= 3600))
            {
                throw new KeaConfigurationException(string.Create(CultureInfo.InvariantCulture, $"--timeout: {seconds} must be between 0 and 3600 seconds."));
            }

            var user = parse.GetValue(User);
            var file = parse.GetValue(PasswordFile);
            var variable = parse.GetValue(PasswordEnv);
            if (file is not null && variable is not null)
            {
                throw new KeaConfigurationException("give one of --password-file and --password-env.");
            }

            if (user is null && (file ?? variable) is not null)
            {
                throw new KeaConfigurationException("--password-file/--password-env need --user.");
            }

            if (user is not null && file is null && variable is null)
            {
                throw new KeaConfigurationException("--user needs --password-file FILE or --password-env NAME (passwords are not taken on the command line).");
            }

            var credentials = user is null ? null
                : file is not null ? KeaCredentials.FromFile(user, file)
                : KeaCredentials.FromEnvironment(user, variable!);
            var service = KeaServices.TryParse(parse.GetValue(Service), out var chosen) ? chosen : KeaService.Dhcp4;
            var verbose = parse.GetValue(Verbose);
            return new KeaClientOptions
            {
                AgentUrl = agent,
                SocketPath = socket,
                Service = service,
                Credentials = credentials,
                CaCertificatePath = parse.GetValue(CaCert),
                ClientCertificatePath = parse.GetValue(ClientCert),
                ClientKeyPath = parse.GetValue(ClientKey),
                Timeout = TimeSpan.FromSeconds(seconds),
                TimeProvider = env.Time,
                Trace = verbose ? line => env.Error.WriteLine(line) : null,
            };
        }
    }
}
