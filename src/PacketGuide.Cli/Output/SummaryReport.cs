using System.Globalization;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;
using Spectre.Console;

namespace PacketGuide.Cli.Output;

/// <summary>The human report of <c>pguide dhcp parse</c>. Every value from the input is escaped before it reaches markup.</summary>
internal static class SummaryReport
{
    private const int MaxGroupRows = 20;

    public static void Write(IAnsiConsole console, DhcpLogSummary s)
    {
        var range = s.FirstEvent is { } f && s.LastEvent is { } l ? $" from {Time(f)} to {Time(l)}" : "";
        console.MarkupLine(Inv($"[bold]{s.Events:N0} events[/] from {s.Lines:N0} lines in {s.Files.Count} input(s){Markup.Escape(range)}; {s.Clients:N0} distinct clients; {s.UnparsedTotal:N0} unparsed lines."));
        if (s.OutOfRange > 0)
        {
            console.MarkupLine(Inv($"{s.OutOfRange:N0} events were outside --since/--until."));
        }

        var files = Table("Input", "Format", "Lines", "Events", "Unparsed");
        foreach (var file in s.Files)
        {
            files.AddRow(Cell(file.Path), Cell(file.Format), Num(file.Lines), Num(file.Events), Num(file.Unparsed));
        }

        console.Write(files);

        var kinds = Table("Kind", "Events");
        foreach (var kind in DhcpMessageKinds.All)
        {
            kinds.AddRow(Cell(kind.ToWireName()), Num(s.ByKind[kind]));
        }

        console.Write(kinds);
        WriteGroups(console, "Server", s.Servers);
        WriteGroups(console, "Subnet", s.Subnets);
        WriteGroups(console, "Via (relay or interface)", s.Via);

        if (s.KeaSubnets.Count > 0)
        {
            var pools = Table("Kea subnet", "Total", "Assigned", "Declined", "Utilization");
            foreach (var k in s.KeaSubnets)
            {
                pools.AddRow(Cell(k.Subnet), Num(k.TotalAddresses), Num(k.AssignedAddresses), Num(k.DeclinedAddresses),
                    Cell(k.Utilization.ToString("P1", CultureInfo.InvariantCulture)));
            }

            console.Write(pools);
        }

        if (s.TopRefusedClients.Count > 0)
        {
            var refused = Table("Client (most NAK/DECLINE)", "NAK", "DECLINE");
            foreach (var c in s.TopRefusedClients)
            {
                refused.AddRow(Cell(c.Client), Num(c.Naks), Num(c.Declines));
            }

            console.Write(refused);
        }

        if (s.AllocationFailureCount > 0)
        {
            console.MarkupLine(Inv($"[bold]{s.AllocationFailureCount:N0} allocation failures[/] (pool exhaustion or no matching pool):"));
            var failures = Table("Time", "Server", "Subnet", "Client", "Source");
            foreach (var a in s.AllocationFailures.Take(20))
            {
                failures.AddRow(Cell(a.Time is { } t ? Time(t) : "-"), Cell(a.Server), Cell(a.Subnet ?? "-"), Cell(a.Client ?? "-"),
                    Cell(a.Source.ToString()));
            }

            console.Write(failures);
        }

        if (s.UnparsedTotal > 0)
        {
            var unparsed = Table("Unparsed reason", "Lines", "First examples");
            foreach (var (reason, count) in s.Unparsed.Where(u => u.Value > 0))
            {
                var examples = string.Join("\n", s.UnparsedExamples.Where(x => x.Reason == reason).Select(x => $"{x.Source}  {x.Text}"));
                unparsed.AddRow(Cell(reason), Num(count), Cell(examples));
            }

            console.Write(unparsed);
        }
    }

    private static void WriteGroups(IAnsiConsole console, string title, IReadOnlyList<GroupCounts> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var table = Table(title, "Events", "discover", "offer", "request", "ack", "nak", "release", "decline", "inform", "alloc-fail");
        foreach (var g in groups.Take(MaxGroupRows))
        {
            var c = g.ByKind;
            table.AddRow(Cell(g.Key), Num(g.Events), Num(c[DhcpMessageKind.Discover]), Num(c[DhcpMessageKind.Offer]),
                Num(c[DhcpMessageKind.Request]), Num(c[DhcpMessageKind.Ack]), Num(c[DhcpMessageKind.Nak]), Num(c[DhcpMessageKind.Release]),
                Num(c[DhcpMessageKind.Decline]), Num(c[DhcpMessageKind.Inform]), Num(c[DhcpMessageKind.AllocationFailed]));
        }

        if (groups.Count > MaxGroupRows)
        {
            table.Caption(Inv($"{groups.Count - MaxGroupRows} more not shown; --json lists all"));
        }

        console.Write(table);
    }

    private static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        for (var i = 1; i < columns.Length; i++)
        {
            if (columns[i] is not ("Format" or "First examples" or "Server" or "Subnet" or "Client" or "Source" or "Time"))
            {
                table.Columns[i].RightAligned();
            }
        }

        return table;
    }

    private static Text Cell(string value) => new(value);

    private static Text Num(long value) => new(value.ToString("N0", CultureInfo.InvariantCulture));

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
