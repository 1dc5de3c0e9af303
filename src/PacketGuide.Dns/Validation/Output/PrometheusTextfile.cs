using System.Globalization;
using System.Text;

namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// <c>pguide dns validate --prom-textfile FILE</c>: the report as a node_exporter textfile collector file (Prometheus text
/// exposition format 0.0.4, no timestamps). Every metric starts with <c>pguide_dns_validate_</c>, has HELP and TYPE lines
/// and is a gauge; labels are only zone, check, severity and server, never record names, so the series count is bounded
/// by zones × (checks + servers). Label values are escaped as the format requires (backslash, double quote, newline).
/// Write it with <see cref="WriteFileAsync"/>: the collector may read the file at any moment, so it is renamed into place.
/// </summary>
public static class PrometheusTextfile
{
    public const string Prefix = "pguide_dns_validate_";

    public static void Write(TextWriter writer, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var zones = report.Zones;

        Family(writer, "check_passed", "1 when the check ran in the zone and found nothing at warning or above, 0 when it did; checks not run have no series.");
        foreach (var zone in zones)
        {
            foreach (var outcome in ValidationCheckResults.For(zone).Where(o => o.Status != CheckStatus.Skipped))
            {
                Sample(writer, "check_passed", [("zone", zone.Zone), ("check", outcome.Check.Id)], outcome.Status == CheckStatus.Passed ? 1 : 0);
            }
        }

        Family(writer, "findings", "Findings of the last run per zone and severity.");
        foreach (var zone in zones)
        {
            foreach (var severity in ValidationSeverityNames.WorstFirst)
            {
                Sample(writer, "findings", [("zone", zone.Zone), ("severity", ValidationSeverityNames.Name(severity))], zone.Findings.Count(f => f.Severity == severity));
            }
        }

        Family(writer, "rrsig_expiry_seconds", "Seconds until the first RRSIG of the zone expires (negative: expired); no series for unsigned zones.");
        foreach (var zone in zones.Where(z => z.RrsigExpirySeconds is not null))
        {
            Sample(writer, "rrsig_expiry_seconds", [("zone", zone.Zone)], zone.RrsigExpirySeconds!.Value);
        }

        Family(writer, "soa_serial_lag", "SOA serial steps the server is behind the highest serial seen for the zone (0: current).");
        foreach (var zone in zones)
        {
            foreach (var (server, lag) in zone.SerialLag.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Sample(writer, "soa_serial_lag", [("zone", zone.Zone), ("server", server)], lag);
            }
        }

        Family(writer, "latency_seconds", "Median query latency of the server for the zone during the run, in seconds.");
        foreach (var zone in zones)
        {
            foreach (var (server, ms) in zone.LatencyMs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Sample(writer, "latency_seconds", [("zone", zone.Zone), ("server", server)], ms / 1000.0);
            }
        }

        Family(writer, "last_run_timestamp_seconds", "Unix time the last run finished (started + duration; alert when it stops moving).");
        Sample(writer, "last_run_timestamp_seconds", [], (report.Started + report.Duration).ToUnixTimeMilliseconds() / 1000.0);
        Family(writer, "duration_seconds", "How long the last run took.");
        Sample(writer, "duration_seconds", [], report.Duration.TotalSeconds);
        Family(writer, "queries", "DNS queries sent during the last run.");
        Sample(writer, "queries", [], report.Queries);
    }

    /// <summary>Writes the file atomically (temp file in the same folder, then rename), so the collector never reads half of it.</summary>
    public static Task WriteFileAsync(string path, ValidationReport report, CancellationToken cancellationToken) =>
        AtomicFile.WriteTextAsync(path, writer => Write(writer, report), cancellationToken);

    /// <summary>Escapes a label value: <c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, newline → <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            escaped.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
        }

        return escaped.ToString();
    }

    private static void Family(TextWriter writer, string name, string help)
    {
        writer.Write($"# HELP {Prefix}{name} {help}\n");
        writer.Write($"# TYPE {Prefix}{name} gauge\n");
    }

    private static void Sample(TextWriter writer, string name, (string Name, string Value)[] labels, double value)
    {
        writer.Write(Prefix);
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            for (var i = 0; i < labels.Length; i++)
            {
                writer.Write(i == 0 ? "" : ",");
                writer.Write(labels[i].Name);
                writer.Write("=\"");
                writer.Write(EscapeLabelValue(labels[i].Value));
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(Number(value));
        writer.Write('\n');
    }

    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);
}
