using System.CommandLine;
using System.Globalization;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Rules;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Config;
using Spectre.Console;

namespace PacketGuide.Cli.Alert;

/// <summary>
/// <c>pguide alert</c>: <c>check</c> validates pguide.yaml's alerting section offline, as <c>pguide serve</c> will read it;
/// <c>list</c>, <c>test</c> and <c>silence</c> are their own classes.
/// </summary>
internal static class AlertCommand
{
    public static Command Create(CliEnvironment env)
    {
        var alert = new Command("alert", "Alerting: the rules pguide serve evaluates (pool utilization, allocation failures, NAK rate, address\n" +
            "conflicts, quiet subnets, unreadable log lines, DNS findings, expiring signatures, serial lag, Kea down). See docs/alerting.md.");
        var config = new Option<string>("--config") { Description = "pguide.yaml to check (default: ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml)." };
        var json = new Option<bool>("--json") { Description = "Print the rules as JSON (with every default filled in)." };
        var check = new Command("check",
            "Check the alerting section offline and list the rules it makes, defaults filled in (no section: the built-in set).\n" +
            "Examples:\n" +
            "  pguide alert check\n" +
            "  pguide alert check --config /etc/pguide/pguide.yaml --json\n" +
            "Exit codes: 0 valid, 2 invalid (the message names the file, line, key and fix) or no pguide.yaml.") { config, json };
        check.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(config) ?? DnsConfigLoader.Find(Environment.GetEnvironmentVariable);
            if (path is null)
            {
                return await CommandFailure.UsageAsync(env, "alert check", "no pguide.yaml found (./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml); give --config FILE.").ConfigureAwait(false);
            }

            AlertingConfig alerting;
            try
            {
                alerting = await AlertingConfigLoader.LoadAsync(path, ct).ConfigureAwait(false);
            }
            catch (AlertingConfigException ex)
            {
                return await CommandFailure.UsageAsync(env, "alert check", ex.Message).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Document(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("config", path);
                    w.WriteNumber("evaluateEverySeconds", alerting.EvaluateEvery.TotalSeconds);
                    w.WriteNumber("repeatIntervalSeconds", alerting.RepeatInterval.TotalSeconds);
                    JsonOutput.WriteStringArray(w, "groupBy", alerting.GroupBy);
                    w.WriteStartArray("rules");
                    foreach (var rule in alerting.Rules)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", rule.Name);
                        w.WriteString("kind", KindName(rule.Kind));
                        w.WriteString("severity", AlertEngine.Name(rule.Severity));
                        w.WriteNumber("threshold", rule.Threshold);
                        if (rule.Clear is { } clear)
                        {
                            w.WriteNumber("clear", clear);
                        }

                        w.WriteNumber("forSeconds", rule.For.TotalSeconds);
                        w.WriteNumber("windowSeconds", rule.Window.TotalSeconds);
                        w.WriteString("summary", rule.Summary);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                })).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var console = ConsoleFactory.Create(env);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Rule").AddColumn("Kind").AddColumn("Severity")
                .AddColumn(new TableColumn("Threshold").RightAligned()).AddColumn(new TableColumn("For").RightAligned()).AddColumn(new TableColumn("Window").RightAligned());
            foreach (var rule in alerting.Rules)
            {
                table.AddRow(new Text(rule.Name), new Text(KindName(rule.Kind)), new Text(AlertEngine.Name(rule.Severity)),
                    new Text(Level(rule)), new Text(Durations.Format(rule.For)), new Text(Durations.Format(rule.Window)));
            }

            console.Write(table);
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {alerting.Rules.Count} rule(s) valid; evaluated every {Durations.Format(alerting.EvaluateEvery)}, grouped by [{string.Join(", ", alerting.GroupBy)}], repeated every {Durations.Format(alerting.RepeatInterval)}.")));
            return ExitCodes.Ok;
        });
        alert.Subcommands.Add(check);
        alert.Subcommands.Add(AlertListCommand.Create(env));
        alert.Subcommands.Add(AlertTestCommand.Create(env));
        alert.Subcommands.Add(AlertSilenceCommand.Create(env));
        return alert;
    }

    private static string KindName(AlertRuleKind kind) => AlertRuleDefaults.KindNames.First(p => p.Value == kind).Key;

    private static string Level(AlertRule rule)
    {
        string Show(double value) => rule.Kind == AlertRuleKind.PoolUtilization
            ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
            : value.ToString("0.#", CultureInfo.InvariantCulture) + (rule.Kind == AlertRuleKind.RrsigExpiring ? " d" : "");
        return rule.Clear is { } clear ? $"{Show(rule.Threshold)} (clear {Show(clear)})" : Show(rule.Threshold);
    }
}
