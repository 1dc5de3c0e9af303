using System.Globalization;
using System.Text;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>Plans for people: a table per zone on the console, or Markdown ready to post as a pull-request comment.</summary>
internal static class ZonePlanView
{
    public static string Summary(ZonePlan plan) => string.Create(CultureInfo.InvariantCulture,
        $"{plan.Zone} ({plan.Provider}): {plan.Count(ZoneChangeAction.Create)} to create, {plan.Count(ZoneChangeAction.Update)} to update, " +
        $"{plan.Count(ZoneChangeAction.Delete)} to delete; {plan.MarkerChanges.Count} ownership marker(s) to write; " +
        $"{plan.Unmanaged.Count} unmanaged and {plan.LeftAlone.Count} other RRset(s) left alone{(plan.Dnssec is { Changed: true } ? "; DNSSEC to change" : "")}");

    public static void Table(IAnsiConsole console, ZonePlan plan)
    {
        console.MarkupLine(Markup.Escape(Summary(plan)));
        if (plan.Changes.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("Name").AddColumn("Type").AddColumn("Now").AddColumn("After");
            foreach (var change in plan.Changes)
            {
                var (sign, colour) = change.Action switch
                {
                    ZoneChangeAction.Create => ("+", "green"),
                    ZoneChangeAction.Delete => ("-", "red"),
                    _ => ("~", "yellow"),
                };
                table.AddRow(new Markup($"[{colour}]{sign}[/]"), new Text(change.Name), new Text(change.Type), new Text(Describe(change.Before)), new Text(Describe(change.After)));
            }

            console.Write(table);
        }

        if (plan.Dnssec is { Changed: true } dnssec)
        {
            foreach (var action in dnssec.Actions)
            {
                console.MarkupLine($"[yellow]dnssec:[/] {Markup.Escape(action)}");
            }
        }

        foreach (var refusal in plan.Refusals)
        {
            console.MarkupLine($"[red]needs --force:[/] {Markup.Escape(refusal)}");
        }
    }

    public static string Markdown(IReadOnlyList<ZonePlan> plans)
    {
        var text = new StringBuilder();
        text.Append("## DNS plan\n\n");
        if (!plans.Any(p => p.HasChanges))
        {
            text.Append(CultureInfo.InvariantCulture, $"No changes: {plans.Count} zone(s) match their specs.\n");
        }

        foreach (var plan in plans)
        {
            text.Append(CultureInfo.InvariantCulture, $"### `{plan.Zone}` ({Cell(plan.Provider)})\n\n");
            text.Append(CultureInfo.InvariantCulture,
                $"**{plan.Count(ZoneChangeAction.Create)}** to create, **{plan.Count(ZoneChangeAction.Update)}** to update, **{plan.Count(ZoneChangeAction.Delete)}** to delete");
            text.Append(CultureInfo.InvariantCulture, $"; {plan.MarkerChanges.Count} ownership marker(s); {plan.Unmanaged.Count} unmanaged RRset(s) left alone.\n\n");
            foreach (var refusal in plan.Refusals)
            {
                text.Append(CultureInfo.InvariantCulture, $"> [!WARNING]\n> Needs `--force`: {Cell(refusal)}\n\n");
            }

            if (plan.Dnssec is { Changed: true } dnssec)
            {
                text.Append("DNSSEC:\n");
                foreach (var action in dnssec.Actions)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- {Cell(action)}\n");
                }

                text.Append('\n');
            }

            if (plan.Changes.Count > 0)
            {
                text.Append("| | Name | Type | Now | After |\n|---|---|---|---|---|\n");
                foreach (var change in plan.Changes)
                {
                    var sign = change.Action switch { ZoneChangeAction.Create => "➕", ZoneChangeAction.Delete => "➖", _ => "✏️" };
                    text.Append(CultureInfo.InvariantCulture,
                        $"| {sign} | `{Cell(change.Name)}` | {change.Type} | {Cell(Describe(change.Before))} | {Cell(Describe(change.After))} |\n");
                }

                text.Append('\n');
            }

            if (plan.Unmanaged.Count > 0)
            {
                text.Append("<details><summary>Unmanaged RRsets (not in the spec, not PacketGuide's: left alone)</summary>\n\n");
                foreach (var set in plan.Unmanaged.Take(200))
                {
                    text.Append(CultureInfo.InvariantCulture, $"- `{Cell(set.Name)}` {set.Type}\n");
                }

                text.Append(plan.Unmanaged.Count > 200 ? string.Create(CultureInfo.InvariantCulture, $"- ... and {plan.Unmanaged.Count - 200} more\n") : "");
                text.Append("\n</details>\n\n");
            }
        }

        return text.ToString();
    }

    private static string Describe(DnsRecordSet? set) =>
        set is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{set.Ttl} {string.Join(" | ", set.Values)}");

    /// <summary>Text safe inside a Markdown table cell: pipes and backticks escaped, line breaks as spaces, long values cut.</summary>
    private static string Cell(string text)
    {
        var safe = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)
            .Replace('\n', ' ').Replace('\r', ' ').Replace("<", "&lt;", StringComparison.Ordinal);
        return safe.Length > 300 ? string.Concat(safe.AsSpan(0, 300), "…") : safe;
    }
}
