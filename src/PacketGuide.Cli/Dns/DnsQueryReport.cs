using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Query;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>Text, side-by-side tables and JSON for <c>pguide dns query</c>. Every value from a server is escaped before markup.</summary>
internal static class DnsQueryReport
{
    public static void Write(IAnsiConsole console, IReadOnlyList<DnsComparison> questions, DateTimeOffset now)
    {
        foreach (var question in questions)
        {
            if (question.Exchanges.Count == 1)
            {
                WriteOne(console, question.Exchanges[0], now);
            }
            else
            {
                WriteSideBySide(console, question);
            }

            console.WriteLine();
        }
    }

    /// <summary><c>+short</c>: the answer data only, one record a line; with several servers, each line names its server.</summary>
    public static string Short(IReadOnlyList<DnsComparison> questions)
    {
        var s = new StringBuilder();
        foreach (var exchange in questions.SelectMany(q => q.Exchanges))
        {
            var prefix = questions[0].Exchanges.Count > 1 ? $"@{exchange.Server} " : "";
            if (!exchange.Answered)
            {
                s.Append(prefix).Append(";; ").Append(exchange.Error).Append('\n');
                continue;
            }

            foreach (var record in exchange.Answers)
            {
                s.Append(prefix).Append(record.Data).Append('\n');
            }
        }

        return s.ToString();
    }

    private static void WriteOne(IAnsiConsole console, DnsExchange e, DateTimeOffset now)
    {
        console.MarkupLine($"[bold];; {Markup.Escape(e.Name)} {e.TypeName} @{Markup.Escape(e.Server.ToString())}[/]  {Status(e)}");
        if (!e.Answered)
        {
            return;
        }

        Section(console, "ANSWER", e.Answers, now);
        Section(console, "AUTHORITY", e.Authority, now);
        Section(console, "ADDITIONAL", e.Additional, now);
    }

    private static void Section(IAnsiConsole console, string title, IReadOnlyList<DnsRecordView> records, DateTimeOffset now)
    {
        if (records.Count == 0)
        {
            return;
        }

        console.MarkupLine($"[grey];; {title}[/]");
        var width = records.Max(r => r.Name.Length);
        foreach (var r in records)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{r.Name.PadRight(width)} {r.Ttl,7} {r.Class} {r.Type,-6} {r.Data}");
            console.MarkupLine(Markup.Escape(line) + (r.Signature is { } sig ? " " + Validity(sig, now) : ""));
        }
    }

    private static void WriteSideBySide(IAnsiConsole console, DnsComparison question)
    {
        var first = question.Exchanges[0];
        console.MarkupLine($"[bold];; {Markup.Escape(first.Name)} {first.TypeName}[/]  " +
            (question.Agree ? "[green]servers agree[/]" : "[red]servers differ[/]"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Record");
        foreach (var e in question.Exchanges)
        {
            table.AddColumn(new TableColumn(Markup.Escape("@" + e.Server)).RightAligned());
        }

        table.AddRow([new Markup("[grey]status[/]"), .. question.Exchanges.Select(e => (Spectre.Console.Rendering.IRenderable)new Markup(Status(e)))]);
        foreach (var row in question.Rows)
        {
            var record = Markup.Escape($"{row.Name} {row.Type} {row.Data}");
            table.AddRow([
                new Markup(row.OnEveryServer ? record : $"[yellow]{record}[/]"),
                .. row.Ttls.Select(t => (Spectre.Console.Rendering.IRenderable)new Markup(t is { } ttl
                    ? $"[green]ttl {ttl.ToString(CultureInfo.InvariantCulture)}[/]"
                    : "[red]missing[/]")),
            ]);
        }

        console.Write(table);
    }

    private static string Status(DnsExchange e)
    {
        if (!e.Answered)
        {
            return $"[red]{Markup.Escape(e.Error!)}[/]";
        }

        var colour = e.ResponseCode == "NOERROR" ? "green" : e.ResponseCode == "NXDOMAIN" ? "yellow" : "red";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{colour}]{e.ResponseCode}[/] {Markup.Escape(e.Flags.ToString())}; {e.Elapsed.TotalMilliseconds:0.0} ms {e.Transport} {e.MessageSize} B");
    }

    private static string Validity(RrsigValidity sig, DateTimeOffset now)
    {
        var window = string.Create(CultureInfo.InvariantCulture, $"{sig.Inception:yyyy-MM-dd HH:mm} to {sig.Expiration:yyyy-MM-dd HH:mm} UTC");
        if (now > sig.Expiration)
        {
            return $"[red](EXPIRED: valid {window})[/]";
        }

        if (now < sig.Inception)
        {
            return $"[red](NOT YET VALID: {window})[/]";
        }

        var left = sig.Expiration - now;
        var colour = left < TimeSpan.FromDays(3) ? "yellow" : "grey";
        return string.Create(CultureInfo.InvariantCulture, $"[{colour}](valid {window}, {left.TotalDays:0.#} days left)[/]");
    }

    public static string Json(IReadOnlyList<DnsComparison> questions, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Indented))
        {
            w.WriteStartObject();
            w.WriteStartArray("questions");
            foreach (var question in questions)
            {
                var first = question.Exchanges[0];
                w.WriteStartObject();
                w.WriteString("name", first.Name);
                w.WriteString("type", first.TypeName);
                w.WriteBoolean("agree", question.Agree);
                w.WriteStartArray("servers");
                foreach (var e in question.Exchanges)
                {
                    Exchange(w, e, now);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Exchange(Utf8JsonWriter w, DnsExchange e, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("server", e.Server.ToString());
        w.WriteBoolean("answered", e.Answered);
        w.WriteString("error", e.Error);
        w.WriteString("rcode", e.Answered ? e.ResponseCode : null);
        w.WriteStartObject("flags");
        w.WriteBoolean("aa", e.Flags.Authoritative);
        w.WriteBoolean("tc", e.Flags.Truncated);
        w.WriteBoolean("rd", e.Flags.RecursionDesired);
        w.WriteBoolean("ra", e.Flags.RecursionAvailable);
        w.WriteBoolean("ad", e.Flags.AuthenticData);
        w.WriteBoolean("cd", e.Flags.CheckingDisabled);
        w.WriteEndObject();
        w.WriteString("transport", e.Transport);
        w.WriteNumber("elapsedMs", Math.Round(e.Elapsed.TotalMilliseconds, 3));
        w.WriteNumber("messageSize", e.MessageSize);
        Records(w, "answer", e.Answers, now);
        Records(w, "authority", e.Authority, now);
        Records(w, "additional", e.Additional, now);
        w.WriteEndObject();
    }

    private static void Records(Utf8JsonWriter w, string name, IReadOnlyList<DnsRecordView> records, DateTimeOffset now)
    {
        w.WriteStartArray(name);
        foreach (var r in records)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteNumber("ttl", r.Ttl);
            w.WriteString("class", r.Class);
            w.WriteString("type", r.Type);
            w.WriteString("data", r.Data);
            if (r.Signature is { } sig)
            {
                w.WriteStartObject("signature");
                w.WriteString("covers", sig.CoveredType);
                w.WriteNumber("keyTag", sig.KeyTag);
                w.WriteString("signer", sig.Signer);
                w.WriteString("inception", sig.Inception);
                w.WriteString("expiration", sig.Expiration);
                w.WriteBoolean("validNow", sig.IsValidAt(now));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
