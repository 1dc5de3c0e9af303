using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Output;

namespace PacketGuide.Cli.Dhcp;

/// <summary><c>pguide dhcp parse</c>: binds options and calls <see cref="DhcpLogAnalyzer"/>. No parsing logic lives here.</summary>
internal static class DhcpParseCommand
{
    public static Command Create(CliEnvironment env)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Kea or dhcpd logs, Kea lease CSVs, dhcpd.leases, saved Kea API JSON; '-' for stdin; .gz and globs work.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object (schema: docs/dhcp-parse.md)." };
        var events = new Option<bool>("--events") { Description = "Print every event as a JSON line, merged in time order." };
        var csv = new Option<bool>("--csv") { Description = "Print every event as a CSV row (header first)." };
        var since = new Option<string>("--since") { Description = "Only events at or after: 2026-11-26T12:00, 2026-11-26, or an age like 2h, 7d." };
        var until = new Option<string>("--until") { Description = "Only events before this time (same forms as --since)." };
        var format = new Option<string>("--format") { Description = "Input format instead of detecting it per file.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong([.. DhcpLogFormats.Names]);
        var server = new Option<string>("--server") { Description = "Server name for inputs that do not carry one (default: syslog host, else file name)." };
        var timezone = new Option<string>("--timezone") { Description = "Zone of timestamps written without offset (Kea files, RFC 3164 syslog); default: local. E.g. UTC, Europe/Berlin." };
        var year = new Option<int?>("--year") { Description = "Year of RFC 3164 syslog stamps (default: inferred from the file's modification time)." };
        var jobs = new Option<int?>("--jobs") { Description = "Parser threads for large files (default: all cores)." };

        var command = new Command("parse",
            "Read DHCP server logs, lease files and saved Kea API responses into one normalized event stream and a summary.\n" +
            "Formats are detected per file: Kea DHCPv4/v6 logs (file layout or syslog), ISC dhcpd logs (RFC 3164, RFC 5424,\n" +
            "journalctl short-iso, bare 'dhcpd -d'), Kea memfile lease CSVs, dhcpd.leases, and Kea control API JSON.\n" +
            "Every DHCP message becomes one event: discover, offer, request, ack, nak, release, decline, inform, expire,\n" +
            "allocation-failed. Lines that are not understood are counted by reason and shown as file:line examples.\n" +
            "Examples:\n" +
            "  pguide dhcp parse /var/log/kea/kea-dhcp4.log*\n" +
            "  pguide dhcp parse --since 2h --json /var/log/syslog\n" +
            "  zcat old.log.gz | pguide dhcp parse --events --format dhcpd -\n" +
            "Exit codes: 0 ok, 2 usage error or unreadable input.")
        {
            files, json, events, csv, since, until, format, server, timezone, year, jobs,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modes = new[] { parse.GetValue(json), parse.GetValue(events), parse.GetValue(csv) }.Count(m => m);
            if (modes > 1)
            {
                return await Fail(env, "choose one of --json, --events and --csv.").ConfigureAwait(false);
            }

            if (!TimeExpression.TryResolveZone(parse.GetValue(timezone), out var zone, out var zoneError))
            {
                return await Fail(env, zoneError!).ConfigureAwait(false);
            }

            var now = env.Time.GetUtcNow();
            DateTimeOffset? sinceTime = null, untilTime = null;
            if (parse.GetValue(since) is { } s)
            {
                if (!TimeExpression.TryParse(s, now, zone, out var t))
                {
                    return await Fail(env, $"--since: cannot read '{s}' as a time (try 2026-11-26T12:00, 2026-11-26 or 2h).").ConfigureAwait(false);
                }

                sinceTime = t;
            }

            if (parse.GetValue(until) is { } u)
            {
                if (!TimeExpression.TryParse(u, now, zone, out var t))
                {
                    return await Fail(env, $"--until: cannot read '{u}' as a time (try 2026-11-26T12:00, 2026-11-26 or 2h).").ConfigureAwait(false);
                }

                untilTime = t;
            }

            if (parse.GetValue(year) is { } y && (y < 1970 || y > 9000))
            {
                return await Fail(env, $"--year: {y} is not a plausible year.").ConfigureAwait(false);
            }

            if (parse.GetValue(jobs) is { } j && (j < 1 || j > 256))
            {
                return await Fail(env, $"--jobs: {j} must be between 1 and 256.").ConfigureAwait(false);
            }

            var fmt = DhcpLogFormats.TryParse(parse.GetValue(format) ?? "auto", out var chosen) ? chosen : DhcpLogFormat.Auto;
            var options = new DhcpParseOptions
            {
                Format = fmt,
                Since = sinceTime,
                Until = untilTime,
                Server = parse.GetValue(server),
                TimeZone = zone,
                Year = parse.GetValue(year),
                Parallelism = parse.GetValue(jobs),
            };

            try
            {
                var inputs = InputResolver.Resolve(parse.GetValue(files) ?? []);
                var analyzer = new DhcpLogAnalyzer(env.Time, env.OpenStandardInput);
                if (parse.GetValue(events) || parse.GetValue(csv))
                {
                    return await WriteEvents(env, analyzer, inputs, options, parse.GetValue(csv), cancellationToken).ConfigureAwait(false);
                }

                var summary = await analyzer.SummarizeAsync(inputs, options, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    var buffer = new ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Indented))
                    {
                        DhcpLogSummaryJson.Write(writer, summary);
                    }

                    await env.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    SummaryReport.Write(ConsoleFactory.Create(env), summary);
                }

                return ExitCodes.Ok;
            }
            catch (DhcpInputException ex)
            {
                return await Fail(env, ex.Message).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                return await Fail(env, ex.Message).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> WriteEvents(CliEnvironment env, DhcpLogAnalyzer analyzer, IReadOnlyList<DhcpInput> inputs,
        DhcpParseOptions options, bool asCsv, CancellationToken cancellationToken)
    {
        var run = analyzer.ReadEvents(inputs, options);
        var text = new StringBuilder(capacity: 1 << 17);
        using var json = new EventJsonLines();
        if (asCsv)
        {
            text.Append(LeaseEventFormats.CsvHeader).Append('\n');
        }

        await foreach (var e in run.Events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (asCsv)
            {
                LeaseEventFormats.WriteCsv(text, e);
            }
            else
            {
                json.Append(text, e);
            }

            text.Append('\n');
            if (text.Length > 1 << 16)
            {
                await env.Output.WriteAsync(text, cancellationToken).ConfigureAwait(false);
                text.Clear();
            }
        }

        await env.Output.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await env.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (run.Summary is { } summary)
        {
            await env.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"pguide: {summary.Lines} lines, {summary.Events} events, {summary.UnparsedTotal} unparsed from {summary.Files.Count} input(s)")
                .AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static Task<int> Fail(CliEnvironment env, string message) => CommandFailure.UsageAsync(env, "dhcp parse", message);
}
