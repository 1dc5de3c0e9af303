using System.Globalization;
using System.Text.Json;

namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// <c>pguide dns validate --json</c>: one object, the shape documented in docs/dns-validate.md ("JSON"). Stable: fields
/// are only ever added; <c>version</c> changes if one ever has to change meaning. Every check of the catalogue appears
/// per zone with its status, so a script can tell "passed" from "not run". Written with <see cref="Utf8JsonWriter"/>
/// (no reflection, AOT-safe); strings are escaped by it.
/// </summary>
public static class ValidationJson
{
    public const int Version = 1;

    public static void Write(Utf8JsonWriter json, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(report);
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteString("started", report.Started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 3));
        json.WriteNumber("queries", report.Queries);
        if (report.Worst is { } worst)
        {
            json.WriteString("worst", ValidationSeverityNames.Name(worst));
        }
        else
        {
            json.WriteNull("worst");
        }

        WriteCounts(json, report.Findings);
        json.WriteStartArray("zones");
        foreach (var zone in report.Zones)
        {
            WriteZone(json, zone);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes the report as indented UTF-8 JSON to a file, atomically.</summary>
    public static Task WriteFileAsync(string path, ValidationReport report, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (json.ConfigureAwait(false))
            {
                Write(json, report);
                await json.FlushAsync(ct).ConfigureAwait(false);
            }

            stream.WriteByte((byte)'\n');
        }, cancellationToken);

    private static void WriteZone(Utf8JsonWriter json, ZoneValidation zone)
    {
        json.WriteStartObject();
        json.WriteString("zone", zone.Zone);
        json.WriteStartArray("servers");
        foreach (var server in zone.Servers)
        {
            json.WriteStringValue(server);
        }

        json.WriteEndArray();
        if (zone.RrsigExpirySeconds is { } expiry && double.IsFinite(expiry))
        {
            json.WriteNumber("rrsigExpirySeconds", Math.Round(expiry, 3));
        }
        else
        {
            json.WriteNull("rrsigExpirySeconds");
        }

        json.WriteStartObject("serialLag");
        foreach (var (server, lag) in zone.SerialLag.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(server, lag);
        }

        json.WriteEndObject();
        json.WriteStartObject("latencyMs");
        foreach (var (server, ms) in zone.LatencyMs.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => double.IsFinite(p.Value)))
        {
            json.WriteNumber(server, Math.Round(ms, 3));
        }

        json.WriteEndObject();
        WriteCounts(json, zone.Findings);
        json.WriteStartArray("checks");
        foreach (var outcome in ValidationCheckResults.For(zone))
        {
            json.WriteStartObject();
            json.WriteString("id", outcome.Check.Id);
            json.WriteString("group", outcome.Check.Group);
            json.WriteString("status", outcome.Status switch { CheckStatus.Passed => "passed", CheckStatus.Failed => "failed", _ => "skipped" });
            if (outcome.Worst is { } worst)
            {
                json.WriteString("worst", ValidationSeverityNames.Name(worst));
            }
            else
            {
                json.WriteNull("worst");
            }

            json.WriteNumber("findings", outcome.Findings.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in zone.Findings)
        {
            json.WriteStartObject();
            json.WriteString("check", finding.CheckId);
            json.WriteString("severity", ValidationSeverityNames.Name(finding.Severity));
            json.WriteString("zone", finding.Zone);
            if (finding.Server is null)
            {
                json.WriteNull("server");
            }
            else
            {
                json.WriteString("server", finding.Server);
            }

            json.WriteString("subject", finding.Subject);
            json.WriteString("message", finding.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, IEnumerable<ValidationFinding> findings)
    {
        var list = findings.ToList();
        json.WriteStartObject("counts");
        foreach (var severity in ValidationSeverityNames.WorstFirst)
        {
            json.WriteNumber(ValidationSeverityNames.Name(severity), list.Count(f => f.Severity == severity));
        }

        json.WriteEndObject();
    }
}
