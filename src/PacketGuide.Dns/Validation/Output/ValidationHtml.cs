using System.Globalization;
using System.Text;

namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// <c>pguide dns validate --html FILE</c>: one self-contained page for a person (inline CSS, no script, no image, no
/// font or link to fetch; a Content-Security-Policy that forbids loading anything else). Per zone: a heading, the
/// servers with their serial lag and latency, the RRSIG expiry, a table with one row per finding (worst first) and the
/// checks with their status. Every value from the report is HTML-escaped (<c>&amp; &lt; &gt; " '</c>), so hostile zone
/// and record names show as text; ids and classes come only from this writer, never from the report.
/// </summary>
public static class ValidationHtml
{
    public static void Write(TextWriter writer, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var all = report.Findings.ToList();
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>DNS validation: {Totals(all)}</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>DNS validation report</h1>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">Started {E(report.Started.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))} · " +
            $"took {E(report.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture))} s · {report.Queries.ToString(CultureInfo.InvariantCulture)} queries · " +
            $"{report.Zones.Count.ToString(CultureInfo.InvariantCulture)} zone(s)</p>\n");
        html.Append("<p class=\"totals\">");
        foreach (var severity in ValidationSeverityNames.WorstFirst)
        {
            var count = all.Count(f => f.Severity == severity);
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"pill {Class(severity)}{(count == 0 ? " zero" : "")}\">{count.ToString(CultureInfo.InvariantCulture)} {Plural(severity, count)}</span> ");
        }

        html.Append("</p>\n");
        if (report.Zones.Count > 1)
        {
            html.Append("<nav><ul>");
            for (var i = 0; i < report.Zones.Count; i++)
            {
                var zone = report.Zones[i];
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#zone-{i.ToString(CultureInfo.InvariantCulture)}\">{E(zone.Zone)}</a> <span class=\"note {Class(zone.Findings)}\">{E(Totals(zone.Findings))}</span></li>");
            }

            html.Append("</ul></nav>\n");
        }

        html.Append("</header>\n<main>\n");
        for (var i = 0; i < report.Zones.Count; i++)
        {
            Zone(html, report.Zones[i], i);
        }

        html.Append("</main>\n<footer>Written by <code>pguide dns validate --html</code>. Check ids are stable; see docs/dns-validate.md.</footer>\n</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    /// <summary>Writes the page to a file (UTF-8), atomically.</summary>
    public static Task WriteFileAsync(string path, ValidationReport report, CancellationToken cancellationToken) =>
        AtomicFile.WriteTextAsync(path, writer => Write(writer, report), cancellationToken);

    /// <summary>HTML-escapes text for element content and quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static string E(string? text) => Escape(text);

    private static void Zone(StringBuilder html, ZoneValidation zone, int index)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"zone\" id=\"zone-{index.ToString(CultureInfo.InvariantCulture)}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2><span class=\"zone-name\">{E(zone.Zone)}</span> <span class=\"pill {Class(zone.Findings)}\">{E(Totals(zone.Findings))}</span></h2>\n");

        html.Append("<div class=\"figures\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>RRSIG expiry: <strong>{E(Expiry(zone.RrsigExpirySeconds))}</strong></p>\n");
        if (zone.Servers.Count > 0)
        {
            html.Append("<table class=\"servers\"><thead><tr><th>Server</th><th>SOA serial lag</th><th>Latency</th></tr></thead><tbody>\n");
            foreach (var server in zone.Servers.Union(zone.SerialLag.Keys, StringComparer.Ordinal).Union(zone.LatencyMs.Keys, StringComparer.Ordinal))
            {
                var lag = zone.SerialLag.TryGetValue(server, out var l) ? l.ToString(CultureInfo.InvariantCulture) : "–";
                var lagClass = zone.SerialLag.TryGetValue(server, out var l2) && l2 > 0 ? " class=\"lagging\"" : "";
                var latency = zone.LatencyMs.TryGetValue(server, out var ms) ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "–";
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(server)}</td><td{lagClass}>{E(lag)}</td><td>{E(latency)}</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        html.Append("</div>\n");

        if (zone.Findings.Count == 0)
        {
            html.Append("<p class=\"clean\">No findings.</p>\n");
        }
        else
        {
            html.Append("<table class=\"findings\"><thead><tr><th>Severity</th><th>Check</th><th>Server</th><th>Subject</th><th>Message</th></tr></thead><tbody>\n");
            foreach (var finding in zone.Findings.OrderByDescending(f => f.Severity))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr class=\"finding {Class(finding.Severity)}\"><td><span class=\"pill {Class(finding.Severity)}\">{ValidationSeverityNames.Name(finding.Severity)}</span></td>" +
                    $"<td><code>{E(finding.CheckId)}</code></td><td>{E(finding.Server ?? "")}</td><td class=\"subject\">{E(finding.Subject)}</td><td>{E(finding.Message)}</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        var outcomes = ValidationCheckResults.For(zone);
        html.Append(CultureInfo.InvariantCulture,
            $"<details class=\"checks\"><summary>Checks: {outcomes.Count(o => o.Status == CheckStatus.Passed).ToString(CultureInfo.InvariantCulture)} passed, " +
            $"{outcomes.Count(o => o.Status == CheckStatus.Failed).ToString(CultureInfo.InvariantCulture)} failed, {outcomes.Count(o => o.Status == CheckStatus.Skipped).ToString(CultureInfo.InvariantCulture)} not run</summary>\n<ul>");
        foreach (var outcome in outcomes)
        {
            var status = outcome.Status switch { CheckStatus.Passed => "passed", CheckStatus.Failed => "failed", _ => "skipped" };
            html.Append(CultureInfo.InvariantCulture,
                $"<li class=\"check {status}\"><code>{E(outcome.Check.Id)}</code> <span class=\"group\">{E(outcome.Check.Group)}</span> {status} — {E(outcome.Check.Description)}</li>");
        }

        html.Append("</ul></details>\n</section>\n");
    }

    private static string Totals(IReadOnlyCollection<ValidationFinding> findings) =>
        findings.Count == 0
            ? "clean"
            : string.Join(", ", ValidationSeverityNames.WorstFirst
                .Select(s => (Severity: s, Count: findings.Count(f => f.Severity == s)))
                .Where(p => p.Count > 0)
                .Select(p => $"{p.Count.ToString(CultureInfo.InvariantCulture)} {Plural(p.Severity, p.Count)}"));

    private static string Plural(ValidationSeverity severity, int count) => ValidationSeverityNames.Name(severity) + (count == 1 || severity == ValidationSeverity.Info ? "" : "s");

    private static string Class(ValidationSeverity severity) => "sev-" + ValidationSeverityNames.Name(severity);

    private static string Class(IReadOnlyCollection<ValidationFinding> findings) =>
        findings.Count == 0 ? "sev-clean" : Class(findings.Max(f => f.Severity));

    private static string Expiry(double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s))
        {
            return "unsigned or not read";
        }

        var span = TimeSpan.FromSeconds(Math.Abs(s));
        var text = span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h {span.Minutes} min");
        return s < 0 ? $"expired {text} ago" : $"in {text}";
    }

    private const string Css = """
        :root { color-scheme: light; --error: #b42318; --warning: #a15c07; --info: #175cd3; --ok: #067647; --line: #d0d5dd; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: #101828; background: #f9fafb; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 20px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 0 0 10px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
        .zone-name { overflow-wrap: anywhere; }
        .meta { color: #475467; margin: 0 0 10px; }
        .pill { display: inline-block; white-space: nowrap; border-radius: 999px; padding: 1px 10px; font-size: 13px; font-weight: 600; color: #fff; background: #667085; }
        .pill.zero { opacity: .45; }
        .pill.sev-error { background: var(--error); } .pill.sev-warning { background: var(--warning); } .pill.sev-info { background: var(--info); } .pill.sev-clean { background: var(--ok); }
        .note.sev-error { color: var(--error); } .note.sev-warning { color: var(--warning); } .note.sev-info { color: var(--info); } .note.sev-clean { color: var(--ok); }
        nav ul { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        nav a { color: inherit; }
        section.zone { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
        .figures { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; margin-bottom: 12px; }
        .figures p { margin: 4px 0; }
        table { border-collapse: collapse; width: 100%; }
        table.servers { width: auto; font-size: 14px; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #475467; }
        td.subject, td { overflow-wrap: anywhere; }
        td.lagging { color: var(--error); font-weight: 600; }
        tr.finding.sev-error td:first-child { border-left: 4px solid var(--error); }
        tr.finding.sev-warning td:first-child { border-left: 4px solid var(--warning); }
        tr.finding.sev-info td:first-child { border-left: 4px solid var(--info); }
        code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; }
        tr.finding code { white-space: nowrap; }
        .clean { color: var(--ok); font-weight: 600; }
        details.checks { margin-top: 12px; }
        details.checks ul { columns: 2; padding-left: 18px; font-size: 14px; }
        li.check.failed { color: var(--error); } li.check.skipped { color: #667085; }
        .group { color: #667085; font-size: 12px; }
        footer { color: #667085; font-size: 13px; padding-bottom: 24px; }

        """;
}
