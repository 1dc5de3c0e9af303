using System.CommandLine;
using System.Globalization;
using System.Text;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Follow;
using PacketGuide.Dhcp.Output;
using Spectre.Console;

namespace PacketGuide.Cli.Dhcp;

/// <summary><c>pguide dhcp tail</c>: binds options and calls <see cref="DhcpTail"/>. No following logic lives here.</summary>
internal static class DhcpTailCommand
{
    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Log files or globs to follow (quote globs: '/var/log/kea/kea-dhcp4.log*'). New matching files are picked up.",
            Arity = ArgumentArity.OneOrMore,
        };
        var fromStart = new Option<bool>("--from-start") { Description = "Read files found at start from the beginning (default: only new lines, like tail -f)." };
        var stateDir = new Option<string>("--state-dir") { Description = "Keep checkpoints here; a restart (even after kill -9) resumes with nothing lost." };
        var jsonOption = new Option<bool>("--json") { Description = "One JSON object per event (with an 'id' that makes re-delivered events detectable)." };
        var mac = new Option<string>("--mac") { Description = "Only this client MAC (aa:bb:cc:dd:ee:ff)." };
        var ip = new Option<string>("--ip") { Description = "Only this address or network (10.0.0.5, 10.0.0.0/24, 2001:db8::/64)." };
        var subnet = new Option<string>("--subnet") { Description = "Only this subnet (Kea subnet id, or dhcpd network like 10.0.0.0/24)." };
        var kind = new Option<string[]>("--kind") { Description = "Only these kinds (repeat or comma-separate): discover, offer, request, ack, nak, release, decline, inform, expire, allocation-failed.", AllowMultipleArgumentsPerToken = true };
        var server = new Option<string>("--server") { Description = "Only this server (the syslog host, or the file name for Kea's own log files)." };
        var hostname = new Option<string>("--hostname") { Description = "Only client host names matching this glob ('printer-*')." };
        var format = new Option<string>("--format") { Description = "Log format instead of detecting it per file: kea or dhcpd.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "kea", "dhcpd");
        var timezone = new Option<string>("--timezone") { Description = "Zone of timestamps written without offset; default: local. E.g. UTC." };

        var command = new Command("tail",
            "Follow DHCP server logs as they are written and print one line (or JSON object) per DHCP message.\n" +
            "Follows many files at once and survives log rotation: rename + create (logrotate's default), copytruncate,\n" +
            "delete + recreate, and files that shrink. Files are identified by device, inode and their first line, so a\n" +
            "rotated file is read to its end under its new name when the glob matches it, and a copytruncate copy is\n" +
            "recognised as content already read. With --state-dir, delivery is at least once: checkpoints move only after\n" +
            "output is written, and a re-delivered event has the same id. Ctrl-C stops and saves checkpoints.\n" +
            "Examples:\n" +
            "  pguide dhcp tail '/var/log/kea/kea-dhcp4.log*'\n" +
            "  pguide dhcp tail --kind nak,decline --subnet 1 /var/log/kea/kea-dhcp4.log\n" +
            "  pguide dhcp tail --json --state-dir /var/lib/pguide '/var/log/dhcpd.log*' | your-shipper\n" +
            "Exit codes: 0 stopped by Ctrl-C or end of input, 2 usage error or unreadable state.")
        {
            paths, fromStart, stateDir, jsonOption, mac, ip, subnet, kind, server, hostname, format, timezone,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!LeaseEventFilter.TryCreate(parse.GetValue(mac), parse.GetValue(ip), parse.GetValue(subnet), parse.GetValue(kind),
                    parse.GetValue(server), parse.GetValue(hostname), out var filter, out var error))
            {
                return await CommandFailure.UsageAsync(env, "dhcp tail", error!).ConfigureAwait(false);
            }

            if (!TimeExpression.TryResolveZone(parse.GetValue(timezone), out var zone, out error))
            {
                return await CommandFailure.UsageAsync(env, "dhcp tail", error!).ConfigureAwait(false);
            }

            var options = new FollowOptions
            {
                Patterns = parse.GetValue(paths) ?? [],
                FromStart = parse.GetValue(fromStart),
                StateDirectory = parse.GetValue(stateDir),
                Parse = new DhcpParseOptions
                {
                    Format = DhcpLogFormats.TryParse(parse.GetValue(format) ?? "auto", out var f) ? f : DhcpLogFormat.Auto,
                    TimeZone = zone,
                },
            };

            var asJson = parse.GetValue(jsonOption);
            var console = ConsoleFactory.Create(env);
            using var json = new EventJsonLines();
            var text = new StringBuilder();
            try
            {
                var statistics = await new DhcpTail(env.Time).RunAsync(
                    options,
                    async (events, token) =>
                    {
                        text.Clear();
                        foreach (var e in events)
                        {
                            if (asJson)
                            {
                                json.Append(text, e);
                                text.Append('\n');
                            }
                            else if (env.IsConsole && !Console.IsOutputRedirected)
                            {
                                console.MarkupLine(Colour(e));
                            }
                            else
                            {
                                text.Append(Plain(e)).Append('\n');
                            }
                        }

                        await env.Output.WriteAsync(text, token).ConfigureAwait(false);
                        await env.Output.FlushAsync(token).ConfigureAwait(false);
                    },
                    filter.Matches,
                    cancellationToken).ConfigureAwait(false);
                await env.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"pguide: {statistics.Lines} lines, {statistics.Events} events ({statistics.Delivered} shown), {statistics.Unparsed} unparsed").AsMemory(),
                    CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (DhcpFollowException ex)
            {
                return await CommandFailure.UsageAsync(env, "dhcp tail", ex.Message).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary><c>2026-11-26T12:00:01.123+00:00 ack 10.0.0.5 00:0c:01:02:03:04 host=printer subnet=1 via=10.0.0.1 kea-dhcp4</c></summary>
    internal static string Plain(LeaseEvent e)
    {
        var s = new StringBuilder();
        s.Append(e.Time is { } t ? LeaseEventFormats.FormatTime(t) : "-").Append(' ')
            .Append(e.Kind.ToWireName()).Append(' ')
            .Append(e.Ip?.ToString() ?? "-").Append(' ')
            .Append(e.Mac?.ToString() ?? e.ClientId ?? "-");
        if (e.Hostname is not null)
        {
            s.Append(" host=").Append(e.Hostname);
        }

        if (e.Subnet is not null)
        {
            s.Append(" subnet=").Append(e.Subnet);
        }

        if (e.Via is not null)
        {
            s.Append(" via=").Append(e.Via);
        }

        return s.Append(' ').Append(e.Server).ToString();
    }

    private static string Colour(LeaseEvent e)
    {
        var colour = e.Kind switch
        {
            DhcpMessageKind.Ack => "green",
            DhcpMessageKind.Nak or DhcpMessageKind.AllocationFailed => "red",
            DhcpMessageKind.Decline => "yellow",
            DhcpMessageKind.Release or DhcpMessageKind.Expire => "grey",
            _ => "default",
        };
        return $"[{colour}]{Markup.Escape(Plain(e))}[/]";
    }
}
