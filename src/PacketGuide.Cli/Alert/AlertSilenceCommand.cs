using System.CommandLine;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Cli.Serve;
using Spectre.Console;

namespace PacketGuide.Cli.Alert;

/// <summary>
/// <c>pguide alert silence add|list|expire</c>: silences on a running pguide serve, through its API
/// (<c>/api/v1/alerts/silences</c>). The service checks the matchers, duration and comment and records the author
/// (the key's name); its 400 is printed field by field.
/// </summary>
internal static class AlertSilenceCommand
{
    private const string ExitCodeHelp = "2 bad option, or refused by the service (its reasons field by field; no key, or a key without the scope),\n" +
        "3 service unreachable or failing.";

    public static Command Create(CliEnvironment env)
    {
        var silence = new Command("silence",
            "Silences on a running pguide serve: alerts whose labels match every matcher are not notified until the silence\n" +
            "ends (they still show in pguide alert list and on /metrics). The author is the API key's name.\n" +
            "Examples:\n" +
            "  pguide alert silence add alertname=pool-utilization-warning 'subnet=~10\\.1\\..*' --duration 2h --comment 'CHG-1234 pool resize'\n" +
            "  pguide alert silence list --all\n" +
            "  pguide alert silence expire 3f9a0c1d2e4b5a69");
        silence.Subcommands.Add(Add(env));
        silence.Subcommands.Add(List(env));
        silence.Subcommands.Add(Expire(env));
        return silence;
    }

    private static Command Add(CliEnvironment env)
    {
        var connection = new ServiceConnection();
        var matchers = new Argument<string[]>("MATCHER")
        {
            Description = "name=value (equal) or name=~regex (the whole value matches); an alert is silenced when it matches all of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var duration = new Option<string>("--duration") { Description = "How long from now: 90m, 2h, 1d (at most 30d).", Required = true };
        var comment = new Option<string>("--comment") { Description = "Why: a change ticket, the maintenance, the known issue (recorded with the author).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the silence the service created (id, matchers, starts, ends, author, comment) as JSON." };
        var add = new Command("add",
            "Silence alerts on a running pguide serve from now for --duration. Prints the new silence's id on stdout (for\n" +
            "pguide alert silence expire ID) and what was created on stderr. Needs a write key.\n" +
            ServiceConnection.Help + "\n" +
            "Examples:\n" +
            "  pguide alert silence add alertname=allocation-failure subnet=10.78.0.0/24 --duration 2h --comment 'CHG-1234 pool resize'\n" +
            "  id=$(pguide alert silence add 'alertname=~pool-.*' --duration 30m --comment 'Kea upgrade' --api-key env:PGUIDE_WRITE_KEY)\n" +
            "Exit codes: 0 created, " + ExitCodeHelp)
        {
            matchers, duration, comment, json,
        };
        connection.AddTo(add);
        add.SetAction((parse, cancellationToken) => connection.RunAsync(parse, env, "alert silence add", async client =>
        {
            var body = JsonOutput.Object(w =>
            {
                JsonOutput.WriteStringArray(w, "matchers", parse.GetValue(matchers) ?? []);
                w.WriteString("duration", parse.GetValue(duration));
                w.WriteString("comment", parse.GetValue(comment));
            });
            var created = await client.PostAsync("api/v1/alerts/silences", body, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Document(created.WriteTo)).ConfigureAwait(false);
            }
            else
            {
                await env.Output.WriteLineAsync(created.GetProperty("id").GetString()).ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync($"pguide alert silence add: created {Describe(created)}. End it early with: pguide alert silence expire {created.GetProperty("id").GetString()}")
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return add;
    }

    private static Command List(CliEnvironment env)
    {
        var connection = new ServiceConnection();
        var all = new Option<bool>("--all") { Description = "Also the silences that have ended (the newest 1,000)." };
        var json = new Option<bool>("--json") { Description = "Print GET /api/v1/alerts/silences's answer (a JSON array) instead of a table." };
        var list = new Command("list",
            "List the silences of a running pguide serve that have not ended: id, matchers, start, end, author, comment.\n" +
            "Needs a read key.\n" +
            ServiceConnection.Help + "\n" +
            "Examples:\n" +
            "  pguide alert silence list\n" +
            "  pguide alert silence list --all --json\n" +
            "Exit codes: 0 listed (also when there are none), " + ExitCodeHelp)
        {
            all, json,
        };
        connection.AddTo(list);
        list.SetAction((parse, cancellationToken) => connection.RunAsync(parse, env, "alert silence list", async client =>
        {
            var silences = await client.GetAsync("api/v1/alerts/silences" + (parse.GetValue(all) ? "?all=true" : ""), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Document(silences.WriteTo)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var console = ConsoleFactory.Create(env);
            var now = env.Time.GetUtcNow();
            var items = silences.EnumerateArray().ToList();
            if (items.Count == 0)
            {
                console.WriteLine(parse.GetValue(all) ? "No silences." : "No silences in force or to come (--all shows the ended ones too).");
                return ExitCodes.Ok;
            }

            // Starts and active are in --json; an ended silence shows as "Ends ... (2h ago)".
            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Id").NoWrap()).AddColumn(new TableColumn("Matchers").NoWrap())
                .AddColumn(new TableColumn("Ends").NoWrap()).AddColumn("Author").AddColumn("Comment");
            foreach (var s in items)
            {
                var ends = s.GetProperty("ends").GetDateTimeOffset();
                table.AddRow(
                    new Text(s.GetProperty("id").GetString() ?? ""),
                    new Text(string.Join("\n", s.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()))),
                    new Text($"{TimeText.UtcMinutes(ends)} ({TimeText.Age(now - ends)})"),
                    new Text(s.GetProperty("author").GetString() ?? ""),
                    new Text(s.GetProperty("comment").GetString() ?? ""));
            }

            console.Write(table);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Expire(CliEnvironment env)
    {
        var connection = new ServiceConnection();
        var id = new Argument<string>("ID") { Description = "The silence's id (pguide alert silence list shows them)." };
        var expire = new Command("expire",
            "End a silence now on a running pguide serve: the alerts it muted are notified again at the next evaluation\n" +
            "if they still fire. Needs a write key.\n" +
            ServiceConnection.Help + "\n" +
            "Example:\n" +
            "  pguide alert silence expire 3f9a0c1d2e4b5a69 --api-key env:PGUIDE_WRITE_KEY\n" +
            "Exit codes: 0 ended, 2 no silence in force with that id, or refused by the service (no key, or a key without\n" +
            "the write scope), 3 service unreachable or failing.")
        {
            id,
        };
        connection.AddTo(expire);
        expire.SetAction((parse, cancellationToken) => connection.RunAsync(parse, env, "alert silence expire", async client =>
        {
            var which = parse.GetValue(id)!;
            await client.DeleteAsync("api/v1/alerts/silences/" + Uri.EscapeDataString(which), cancellationToken).ConfigureAwait(false);
            await env.Error.WriteLineAsync($"pguide alert silence expire: ended {which}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return expire;
    }

    private static string Describe(JsonElement silence) =>
        $"{silence.GetProperty("id").GetString()} [{string.Join(" ", silence.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()))}] " +
        $"until {TimeText.Utc(silence.GetProperty("ends").GetDateTimeOffset())}, by {silence.GetProperty("author").GetString()}";
}
