using System.CommandLine;
using System.Globalization;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp.Follow;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary><c>pguide dhcp pools</c>: utilization per subnet and pool, once or (with --follow) live from the logs.</summary>
internal static class DhcpPoolsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var state = new LeaseStateOptions(reportsPools: true);
        var warn = new Option<double>("--warn") { Description = "Yellow at or above this % used.", DefaultValueFactory = _ => 80 };
        var critical = new Option<double>("--critical") { Description = "Red, and exit code 1, at or above this % used.", DefaultValueFactory = _ => 90 };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema: docs/dhcp-leases.md); with --follow one object per line per snapshot." };
        var follow = new Option<bool>("--follow") { Description = "Keep following the log INPUTs (read from their start, then live) and print a snapshot every --interval." };
        var interval = new Option<string>("--interval") { Description = "With --follow: time between snapshots (10s, 90s, 5m, ...).", DefaultValueFactory = _ => "10s" };
        var reconcile = new Option<string>("--reconcile-every")
        {
            Description = "With --follow and --url/--socket: replace the tracked state with Kea's lease list this often (e.g. 60s) and report the drift.",
        };
        var command = new Command("pools",
            "Show how full each subnet and pool is: used / total with a bar, yellow from --warn %, red from --critical %.\n" +
            "Used counts leases and declined addresses, as Kea's assigned-addresses statistic does; leases outside every pool\n" +
            "(host reservations) count for their subnet.\n" + LeaseStateOptions.Sources + "\n" +
            "Examples:\n" +
            "  pguide dhcp pools --config /etc/kea/kea-dhcp4.conf /var/lib/kea/kea-leases4.csv\n" +
            "  pguide dhcp pools --config /etc/dhcp/dhcpd.conf /var/lib/dhcp/dhcpd.leases --json\n" +
            "  pguide dhcp pools --socket /run/kea/kea4-ctrl-socket\n" +
            "  pguide dhcp pools --follow --config /etc/kea/kea-dhcp4.conf --url http://127.0.0.1:8000/ --reconcile-every 60s /var/log/kea/kea-dhcp4.log\n" +
            "Exit codes: 0 every pool below --critical, 1 a subnet or pool at or above --critical, 2 usage or input error,\n" +
            "3 Kea unreachable or refused. With --follow: 0 after Ctrl-C.")
        {
            warn, critical, json, follow, interval, reconcile,
        };
        state.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "dhcp pools";
            var thresholds = new UtilizationThresholds(parse.GetValue(warn) / 100, parse.GetValue(critical) / 100);
            if (!(thresholds.Warn > 0 && thresholds.Warn <= thresholds.Critical && thresholds.Critical <= 10))
            {
                return await CommandFailure.UsageAsync(env, name, "--warn and --critical are percentages with 0 < warn <= critical (e.g. --warn 80 --critical 90).").ConfigureAwait(false);
            }

            var following = parse.GetValue(follow);
            var every = TimeSpan.Zero;
            TimeSpan? reconcileEvery = null;
            if (following && !Durations.TryParse(parse.GetValue(interval) ?? "10s", out every) || (following && every < TimeSpan.FromSeconds(1)))
            {
                return await CommandFailure.UsageAsync(env, name, $"--interval: '{parse.GetValue(interval)}' is not a duration of at least 1s (10s, 1m).").ConfigureAwait(false);
            }

            if (parse.GetValue(reconcile) is { } r)
            {
                if (!following || !state.Kea.IsGiven(parse))
                {
                    return await CommandFailure.UsageAsync(env, name, "--reconcile-every needs --follow and a Kea (--url or --socket).").ConfigureAwait(false);
                }

                if (!Durations.TryParse(r, out var re) || re < TimeSpan.FromSeconds(1))
                {
                    return await CommandFailure.UsageAsync(env, name, $"--reconcile-every: '{r}' is not a duration of at least 1s (60s, 5m).").ConfigureAwait(false);
                }

                reconcileEvery = re;
            }

            var asJson = parse.GetValue(json);
            return await LeaseCommandRunner.RunAsync(env, name, state, parse, following, async (built, ct) =>
            {
                if (!following)
                {
                    var report = built.Monitor.Tracker.GetUtilization(built.At);
                    await WriteAsync(env, report, thresholds, built.Drift, built.Notes, asJson, indented: true, ct).ConfigureAwait(false);
                    return PoolsReport.Worst(report, thresholds) == UtilizationLevel.Critical ? ExitCodes.Findings : ExitCodes.Ok;
                }

                if (built.FollowedLogs.Count == 0)
                {
                    throw new LeaseStateException("--follow needs log files to follow among the INPUTs (lease files and Kea are read once).");
                }

                var monitorOptions = new LeaseMonitorOptions
                {
                    SnapshotEvery = every,
                    ReconcileEvery = reconcileEvery,
                    ServerLeases = built.ServerLeases,
                    OnSnapshot = (report, drift, token) => new ValueTask(WriteAsync(env, report, thresholds, drift, [], asJson, indented: false, token)),
                    OnReconcileError = async (ex, token) =>
                        await env.Error.WriteLineAsync($"pguide {name}: reconciliation failed, following goes on: {ex.Message}".AsMemory(), token).ConfigureAwait(false),
                };
                var follow = new FollowOptions { Patterns = built.FollowedLogs, FromStart = true, Parse = built.ParseOptions };
                try
                {
                    var statistics = await built.Monitor.FollowAsync(follow, monitorOptions, ct).ConfigureAwait(false);
                    await env.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"pguide {name}: {statistics.Lines} lines, {statistics.Events} events, {statistics.Unparsed} unparsed").AsMemory(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (DhcpFollowException ex)
                {
                    throw new LeaseStateException(ex.Message, ex);
                }

                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task WriteAsync(CliEnvironment env, UtilizationReport report, UtilizationThresholds thresholds, LeaseReconciliation? drift,
        IReadOnlyList<string> notes, bool asJson, bool indented, CancellationToken cancellationToken)
    {
        if (asJson)
        {
            await env.Output.WriteLineAsync(PoolsReport.Json(report, thresholds, drift, notes, indented).AsMemory(), cancellationToken).ConfigureAwait(false);
            await env.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        PoolsReport.Write(ConsoleFactory.Create(env), report, thresholds, drift);
        await env.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
