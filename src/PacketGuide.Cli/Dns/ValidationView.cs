using System.Globalization;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// <c>pguide dns validate</c> on a terminal: findings grouped by severity (errors first), one table per severity with
/// zone, check, server, subject and message, then one line per zone with its checks; and, for <c>--watch</c>, one line
/// per change between runs. Every value from the report goes through <see cref="Markup.Escape"/> or <see cref="Text"/>,
/// so names with [brackets] cannot inject markup.
/// </summary>
internal static class ValidationView
{
    public static void Render(IAnsiConsole console, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Findings.ToList();
        foreach (var severity in ValidationSeverityNames.WorstFirst)
        {
            var group = findings.Where(f => f.Severity == severity).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[{Colour(severity)} bold]{group.Count} {ValidationSeverityNames.Name(severity)}{(group.Count == 1 || severity == ValidationSeverity.Info ? "" : "s")}[/]"));
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Zone").AddColumn("Check").AddColumn("Server").AddColumn("Subject").AddColumn("Message");
            foreach (var finding in group.OrderBy(f => f.Zone, StringComparer.Ordinal).ThenBy(f => f.CheckId, StringComparer.Ordinal))
            {
                table.AddRow(new Text(finding.Zone), new Text(finding.CheckId), new Text(finding.Server ?? ""), new Text(finding.Subject), new Text(finding.Message));
            }

            console.Write(table);
        }

        foreach (var zone in report.Zones)
        {
            var outcomes = ValidationCheckResults.For(zone);
            var worst = zone.Findings.Count == 0 ? (ValidationSeverity?)null : zone.Findings.Max(f => f.Severity);
            var mark = worst switch
            {
                ValidationSeverity.Error => "[red]✗[/]",
                ValidationSeverity.Warning => "[yellow]![/]",
                _ => "[green]✓[/]",
            };
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{mark} {Markup.Escape(zone.Zone)}: {outcomes.Count(o => o.Status == CheckStatus.Passed)} passed, {outcomes.Count(o => o.Status == CheckStatus.Failed)} failed, " +
                $"{outcomes.Count(o => o.Status == CheckStatus.Skipped)} not run; {zone.Servers.Count} server(s)"));
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[grey]{report.Zones.Count} zone(s), {findings.Count(f => f.Severity == ValidationSeverity.Error)} error(s), " +
            $"{findings.Count(f => f.Severity == ValidationSeverity.Warning)} warning(s), {findings.Count(f => f.Severity == ValidationSeverity.Info)} info, " +
            $"{report.Queries} queries in {report.Duration.TotalSeconds:0.00} s[/]"));
    }

    /// <summary>For <c>--watch</c>: one line per change, stamped with the run's time; nothing when nothing changed.</summary>
    public static void Changes(IAnsiConsole console, ValidationDiff diff, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(diff);
        var stamp = Markup.Escape(at.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        foreach (var finding in diff.New)
        {
            console.MarkupLine($"{stamp} [{Colour(finding.Severity)}]+ {ValidationSeverityNames.Name(finding.Severity)}[/] {Describe(finding)}");
        }

        foreach (var change in diff.SeverityChanged)
        {
            console.MarkupLine($"{stamp} [{Colour(change.After.Severity)}]~ {ValidationSeverityNames.Name(change.Before.Severity)} → {ValidationSeverityNames.Name(change.After.Severity)}[/] {Describe(change.After)}");
        }

        foreach (var finding in diff.Resolved)
        {
            console.MarkupLine($"{stamp} [green]- resolved[/] {Describe(finding)}");
        }
    }

    private static string Describe(ValidationFinding finding) =>
        Markup.Escape($"{finding.Zone} {finding.CheckId}{(finding.Server is null ? "" : $" [{finding.Server}]")} {finding.Subject}: {finding.Message}");

    private static string Colour(ValidationSeverity severity) => severity switch
    {
        ValidationSeverity.Error => "red",
        ValidationSeverity.Warning => "yellow",
        _ => "blue",
    };
}
