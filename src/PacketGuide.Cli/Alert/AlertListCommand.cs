using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Alerting.Routing;
using PacketGuide.Cli.Output;
using PacketGuide.Cli.Serve;
using Spectre.Console;

namespace PacketGuide.Cli.Alert;

/// <summary>
/// <c>pguide alert list</c>: the alerts a running pguide serve has pending and firing (GET /api/v1/alerts), marked when a
/// silence mutes them, and with <c>--notifications</c> its outbox (GET /api/v1/alerts/notifications). Exit 1 while
/// anything fires, so a script or a cron job can act on it.
/// </summary>
internal static class AlertListCommand
{
    private static readonly string[] States = ["pending", "delivered", "failed", "expired"];

    public static Command Create(CliEnvironment env)
    {
        var connection = new ServiceConnection();
        var json = new Option<bool>("--json")
        {
            Description = "Print GET /api/v1/alerts's document (with --notifications plus \"outbox\": the notifications answer) instead of tables.",
        };
        var notifications = new Option<bool>("--notifications") { Description = "Also list the notification outbox: each delivery's channel, reason, state, attempts and last error." };
        var state = new Option<string>("--state") { Description = "Only notifications in this state (implies --notifications)." };
        state.AcceptOnlyFromAmong(States);
        var limit = new Option<int>("--limit") { Description = "At most this many notifications, newest first (1 to 1000).", DefaultValueFactory = _ => 50 };
        var list = new Command("list",
            "List the alerts a running pguide serve has pending and firing (rule, severity, state, labels, since when, summary),\n" +
            "marking those a silence mutes (they still fire; they are only not notified). With --notifications, also the\n" +
            "outbox: every notification per channel with its delivery state (pending, delivered, failed, expired), attempts\n" +
            "and the receiver's last error. Needs a read key.\n" +
            ServiceConnection.Help + "\n" +
            "Examples:\n" +
            "  pguide alert list\n" +
            "  pguide alert list --url https://pguide.example.net/ --api-key file:/etc/pguide/read-key --notifications\n" +
            "  pguide alert list --state failed --json | jq '.outbox.items[].lastError'\n" +
            "  pguide alert list >/dev/null || echo 'something is firing'\n" +
            "Exit codes: 0 nothing firing (pending alerts do not count), 1 at least one alert firing (silenced ones too),\n" +
            "2 bad option or refused by the service (no key, a key without read scope), 3 service unreachable or failing.")
        {
            json, notifications, state, limit,
        };
        connection.AddTo(list);
        list.SetAction(async (parse, cancellationToken) =>
        {
            var size = parse.GetValue(limit);
            if (size is < 1 or > 1000)
            {
                return await CommandFailure.UsageAsync(env, "alert list", "--limit must be from 1 to 1000.").ConfigureAwait(false);
            }

            var only = parse.GetValue(state);
            var withOutbox = parse.GetValue(notifications) || only is not null;
            return await connection.RunAsync(parse, env, "alert list", async client =>
            {
                var alerts = await client.GetAsync("api/v1/alerts", cancellationToken).ConfigureAwait(false);
                JsonElement? outbox = withOutbox
                    ? await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/alerts/notifications?limit={size}") + (only is null ? "" : "&state=" + only), cancellationToken)
                        .ConfigureAwait(false)
                    : null;
                var active = alerts.GetProperty("active").EnumerateArray().ToList();
                var firing = active.Count(a => a.GetProperty("state").GetString() == "firing");
                if (parse.GetValue(json))
                {
                    await env.Output.WriteLineAsync(JsonOutput.Document(w =>
                    {
                        w.WriteStartObject();
                        foreach (var member in alerts.EnumerateObject())
                        {
                            member.WriteTo(w);
                        }

                        if (outbox is { } page)
                        {
                            w.WritePropertyName("outbox");
                            page.WriteTo(w);
                        }

                        w.WriteEndObject();
                    })).ConfigureAwait(false);
                    return firing > 0 ? ExitCodes.Findings : ExitCodes.Ok;
                }

                var silences = await ActiveSilencesAsync(client, cancellationToken).ConfigureAwait(false);
                var console = ConsoleFactory.Create(env);
                var now = env.Time.GetUtcNow();
                WriteAlerts(console, alerts, active, silences, now);
                if (outbox is { } notificationPage)
                {
                    WriteOutbox(console, notificationPage, only, now);
                }

                return firing > 0 ? ExitCodes.Findings : ExitCodes.Ok;
            }).ConfigureAwait(false);
        });
        return list;
    }

    /// <summary>The silences in force now, as matchers, to mark the alerts they mute.</summary>
    private static async Task<List<ActiveSilence>> ActiveSilencesAsync(ServiceClient client, CancellationToken cancellationToken)
    {
        var silences = new List<ActiveSilence>();
        foreach (var silence in (await client.GetAsync("api/v1/alerts/silences", cancellationToken).ConfigureAwait(false)).EnumerateArray())
        {
            if (!silence.GetProperty("active").GetBoolean())
            {
                continue;
            }

            var matchers = new List<LabelMatcher>();
            foreach (var text in silence.GetProperty("matchers").EnumerateArray())
            {
                if (LabelMatcher.TryParse(text.GetString() ?? "", out var matcher, out _))
                {
                    matchers.Add(matcher!);
                }
            }

            silences.Add(new ActiveSilence(silence.GetProperty("id").GetString() ?? "", matchers, silence.GetProperty("ends").GetDateTimeOffset(),
                silence.GetProperty("comment").GetString() ?? ""));
        }

        return silences;
    }

    private static void WriteAlerts(IAnsiConsole console, JsonElement alerts, List<JsonElement> active, List<ActiveSilence> silences, DateTimeOffset now)
    {
        var muted = new List<string>();
        if (active.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Rule").NoWrap()).AddColumn("Severity").AddColumn("State").AddColumn("Labels")
                .AddColumn(new TableColumn("Since").NoWrap()).AddColumn("Summary");
            foreach (var alert in active)
            {
                var labels = alert.GetProperty("labels").EnumerateObject().Select(l => new KeyValuePair<string, string>(l.Name, l.Value.GetString() ?? "")).ToList();
                var state = alert.GetProperty("state").GetString() ?? "";
                var silencedBy = silences.FirstOrDefault(s => s.Matchers.Count > 0 && s.Matchers.All(m => m.Matches(labels)));
                var target = string.Join(" ", labels.Where(l => l.Key is not ("alertname" or "severity")).Select(l => $"{l.Key}={l.Value}"));
                if (silencedBy is not null)
                {
                    muted.Add($"{alert.GetProperty("rule").GetString()} {target}: silenced by {silencedBy.Id} until {TimeText.UtcMinutes(silencedBy.Ends)} ({silencedBy.Comment})");
                }

                var since = alert.TryGetProperty("firedAt", out var fired) ? fired.GetDateTimeOffset() : alert.GetProperty("activeSince").GetDateTimeOffset();
                table.AddRow(
                    new Text(alert.GetProperty("rule").GetString() ?? ""),
                    new Text(alert.GetProperty("severity").GetString() ?? ""),
                    new Text(silencedBy is null ? state : state + "\nsilenced"),
                    new Text(target),
                    new Text(TimeText.Age(now - since)),
                    new Text(alert.GetProperty("summary").GetString() ?? ""));
            }

            console.Write(table);
            foreach (var line in muted)
            {
                console.WriteLine(line);
            }
        }

        var firing = active.Count(a => a.GetProperty("state").GetString() == "firing");
        var rules = alerts.GetProperty("rules").GetInt32();
        var evaluated = alerts.TryGetProperty("evaluatedAt", out var at)
            ? $"{rules} rule(s), last evaluated {TimeText.WithAge(at.GetDateTimeOffset(), now)}"
            : $"{rules} rule(s), not evaluated yet (the service has just started)";
        console.WriteLine(active.Count == 0
            ? $"No alerts pending or firing; {evaluated}."
            : string.Create(CultureInfo.InvariantCulture, $"{firing} firing, {active.Count - firing} pending; {evaluated}."));
    }

    private static void WriteOutbox(IAnsiConsole console, JsonElement page, string? state, DateTimeOffset now)
    {
        var items = page.GetProperty("items").EnumerateArray().ToList();
        console.WriteLine();
        if (items.Count == 0)
        {
            console.WriteLine(state is null ? "No notifications." : $"No {state} notifications.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Id").RightAligned()).AddColumn("Created").AddColumn("Channel").AddColumn("Reason")
            .AddColumn("State").AddColumn(new TableColumn("Attempts").RightAligned()).AddColumn("Last error");
        foreach (var n in items)
        {
            var delivery = n.GetProperty("state").GetString() ?? "";
            if (delivery == "delivered" && n.TryGetProperty("delivered", out var delivered))
            {
                delivery += " " + TimeText.Age(now - delivered.GetDateTimeOffset());
            }

            table.AddRow(
                new Text(n.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)),
                new Text(TimeText.Age(now - n.GetProperty("created").GetDateTimeOffset())),
                new Text(n.GetProperty("channel").GetString() ?? ""),
                new Text(n.GetProperty("reason").GetString() ?? ""),
                new Text(delivery),
                new Text(n.GetProperty("attempts").GetInt32().ToString(CultureInfo.InvariantCulture)),
                new Text(n.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : ""));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{items.Count} notification(s), newest first{(page.TryGetProperty("next", out _) ? "; more with a larger --limit" : "")}."));
    }

    private sealed record ActiveSilence(string Id, List<LabelMatcher> Matchers, DateTimeOffset Ends, string Comment);
}
