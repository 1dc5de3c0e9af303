using System.Globalization;
using System.Text;
using System.Xml;

namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// <c>pguide dns validate --junit FILE</c>, for CI test reports (Jenkins, GitLab, GitHub test reporters):
/// <c>testsuites</c> &gt; one <c>testsuite</c> per zone &gt; one <c>testcase</c> per check of the catalogue, named by the
/// check's stable id with its group as <c>classname</c>. A test case fails (one <c>failure</c> listing every such finding)
/// when it has findings at or above <c>--fail-on</c>, so the CI report is red exactly when the exit code is not 0; findings
/// below that level go to the test case's <c>system-out</c>; a check that was not run is <c>skipped</c>. The shape is the
/// Jenkins/Ant JUnit one (test/data/junit/junit.xsd checks it).
/// </summary>
public static class ValidationJUnit
{
    public static void Write(XmlWriter xml, ValidationReport report, ValidationSeverity failOn = ValidationSeverity.Error, string? hostname = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(report);
        hostname ??= Environment.MachineName;
        var timestamp = report.Started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var zones = report.Zones.Select(z => (Zone: z, Outcomes: ValidationCheckResults.For(z))).ToList();

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "pguide dns validate");
        WriteCounts(xml, zones.SelectMany(z => z.Outcomes).ToList(), failOn);
        xml.WriteAttributeString("time", Seconds(report.Duration.TotalSeconds));
        for (var i = 0; i < zones.Count; i++)
        {
            var (zone, outcomes) = zones[i];
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", XmlText.Clean(zone.Zone));
            xml.WriteAttributeString("package", "pguide.dns.validate");
            xml.WriteAttributeString("id", i.ToString(CultureInfo.InvariantCulture));
            WriteCounts(xml, outcomes, failOn);
            xml.WriteAttributeString("time", Seconds(0));
            xml.WriteAttributeString("timestamp", timestamp);
            xml.WriteAttributeString("hostname", XmlText.Clean(hostname));

            xml.WriteStartElement("properties");
            Property(xml, "fail-on", ValidationSeverityNames.Name(failOn));
            foreach (var server in zone.Servers)
            {
                Property(xml, "server", server);
            }

            if (zone.RrsigExpirySeconds is { } expiry)
            {
                Property(xml, "rrsig-expiry-seconds", Seconds(expiry));
            }

            xml.WriteEndElement();

            foreach (var outcome in outcomes)
            {
                WriteCase(xml, outcome, failOn);
            }

            xml.WriteElementString("system-out", "");
            xml.WriteElementString("system-err", "");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>Writes the report as indented UTF-8 XML to a text writer.</summary>
    public static void Write(TextWriter writer, ValidationReport report, ValidationSeverity failOn = ValidationSeverity.Error, string? hostname = null)
    {
        using var xml = XmlWriter.Create(writer, Settings);
        Write(xml, report, failOn, hostname);
    }

    /// <summary>Writes the report to a file, atomically.</summary>
    public static Task WriteFileAsync(string path, ValidationReport report, ValidationSeverity failOn, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, _) =>
        {
            using (var xml = XmlWriter.Create(stream, Settings))
            {
                Write(xml, report, failOn);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    private static XmlWriterSettings Settings => new()
    {
        Indent = true,
        NewLineChars = "\n",
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    private static void WriteCase(XmlWriter xml, CheckOutcome outcome, ValidationSeverity failOn)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Clean(outcome.Check.Id));
        xml.WriteAttributeString("classname", XmlText.Clean(outcome.Check.Group));
        xml.WriteAttributeString("time", Seconds(0));
        if (outcome.Status == CheckStatus.Skipped)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", "not run");
            xml.WriteEndElement();
        }

        var failing = outcome.Findings.Where(f => f.Severity >= failOn).ToList();
        if (failing.Count > 0)
        {
            xml.WriteStartElement("failure");
            var worst = failing.Max(f => f.Severity);
            xml.WriteAttributeString("message", XmlText.Clean(failing.Count == 1
                ? Line(failing[0])
                : string.Create(CultureInfo.InvariantCulture, $"{failing.Count} findings at or above {ValidationSeverityNames.Name(failOn)}; first: {Line(failing[0])}")));
            xml.WriteAttributeString("type", ValidationSeverityNames.Name(worst));
            xml.WriteString(XmlText.Clean(string.Join('\n', failing.Select(Line))));
            xml.WriteEndElement();
        }

        var notes = outcome.Findings.Where(f => f.Severity < failOn).ToList();
        if (notes.Count > 0)
        {
            xml.WriteElementString("system-out", XmlText.Clean(string.Join('\n', notes.Select(Line))));
        }

        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<CheckOutcome> outcomes, ValidationSeverity failOn)
    {
        xml.WriteAttributeString("tests", outcomes.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", outcomes.Count(o => o.Findings.Any(f => f.Severity >= failOn)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", outcomes.Count(o => o.Status == CheckStatus.Skipped).ToString(CultureInfo.InvariantCulture));
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlText.Clean(value));
        xml.WriteEndElement();
    }

    /// <summary>"error [ns1.example.com] www.example.com. A: message" (the server only when the finding names one).</summary>
    internal static string Line(ValidationFinding finding) =>
        $"{ValidationSeverityNames.Name(finding.Severity)}{(finding.Server is null ? "" : $" [{finding.Server}]")} {finding.Subject}: {finding.Message}";

    private static string Seconds(double seconds) => (double.IsFinite(seconds) ? seconds : 0).ToString("0.000", CultureInfo.InvariantCulture);
}
