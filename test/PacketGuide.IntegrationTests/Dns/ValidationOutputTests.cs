using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using PacketGuide.Dns.Tests.Validation;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The files <c>pguide dns validate</c> writes, checked by the tools that read them: the JUnit XML against a JUnit XSD
/// (test/data/junit/junit.xsd, System.Xml.Schema), the textfile by <c>promtool check metrics</c>, and the HTML report
/// rendered in headless Chromium (Debian's, through playwright-core from scripts/lint) with hostile zone and record
/// names that would run script if they were not escaped. Each check is also shown to fail on a broken file.
/// Set PGUIDE_UPDATE_DOCS=1 to refresh docs/images/dns-validate-report.png from the rendered realistic report.
/// </summary>
public sealed class ValidationOutputTests
{
    private static readonly string s_xsd = Path.Combine(RepositoryLayout.Root, "test", "data", "junit", "junit.xsd");
    private static readonly string s_docsImage = Path.Combine(RepositoryLayout.Root, "docs", "images", "dns-validate-report.png");

    public static TheoryData<string, ValidationSeverity> JUnitReports => new()
    {
        { "hostile", ValidationSeverity.Error },
        { "hostile", ValidationSeverity.Warning },
        { "realistic", ValidationSeverity.Error },
        { "unreachable", ValidationSeverity.Error },
        { "empty", ValidationSeverity.Error },
    };

    private static ValidationReport Sample(string name) => name switch
    {
        "hostile" => ValidationSamples.Hostile(),
        "realistic" => ValidationSamples.Realistic(),
        "unreachable" => ValidationSamples.Unreachable(),
        _ => new ValidationReport(ValidationSamples.Started, TimeSpan.Zero, []),
    };

    [Theory]
    [MemberData(nameof(JUnitReports))]
    public async Task The_junit_file_is_valid_against_the_junit_schema(string sample, ValidationSeverity failOn)
    {
        await using var work = TestWorkDirectory.Create("junit");
        var path = work.File("validate.xml");
        await ValidationJUnit.WriteFileAsync(path, Sample(sample), failOn, TestContext.Current.CancellationToken);

        var problems = SchemaProblems(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("<testsuite name=", "<testsuite tests=\"1\" name=", "tests")] // an attribute twice: not even XML
    [InlineData(" failures=\"2\" errors=\"0\" skipped=\"2\" time=\"0.000\" timestamp=", " errors=\"0\" skipped=\"2\" time=\"0.000\" timestamp=", "failures")]
    [InlineData("<testcase name=\"declared-served\" classname=\"declared\" time=\"0.000\">", "<testcase name=\"declared-served\" time=\"0.000\">", "classname")]
    [InlineData("<skipped message=\"not run\" />", "<skipped message=\"not run\" /><failure type=\"error\" />", "failure")]
    [InlineData("timestamp=\"2026-11-26T21:00:00\"", "timestamp=\"yesterday\"", "timestamp")]
    [InlineData("<properties>", "<properties><testcase name=\"x\" classname=\"y\" time=\"0\" />", "testcase")]
    public void A_broken_junit_file_fails_the_schema(string good, string bad, string named)
    {
        using var text = new StringWriter();
        ValidationJUnit.Write(text, ValidationSamples.Hostile(), ValidationSeverity.Error, "test-host");
        var xml = text.ToString();
        Assert.Contains(good, xml, StringComparison.Ordinal);

        var problems = SchemaProblems(ReplaceFirst(xml, good, bad));

        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_textfile_passes_promtool_check_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("prom");
        foreach (var sample in new[] { "hostile", "realistic", "unreachable", "empty" })
        {
            var path = work.File($"{sample}.prom");
            await PrometheusTextfile.WriteFileAsync(path, Sample(sample), ct);

            var result = await PromtoolCheckMetricsAsync(path, ct);

            Assert.True(result.ExitCode == 0 && result.StandardOutput.Length == 0 && result.StandardError.Length == 0,
                $"{sample}: exit {result.ExitCode}\n{result.StandardOutput}{result.StandardError}\n--- file ---\n{await File.ReadAllTextAsync(path, ct)}");
        }
    }

    [Theory]
    [InlineData("\\\"quoted\\\"", "\"quoted\"")] // a label value's quote left unescaped
    [InlineData("# TYPE pguide_dns_validate_findings gauge\n", "# TYPE pguide_dns_validate_findings gauge\n# TYPE pguide_dns_validate_findings counter\n")]
    [InlineData("# HELP pguide_dns_validate_duration_seconds How long the last run took.\n", "")] // no HELP
    [InlineData("pguide_dns_validate_queries 321", "pguide_dns_validate_queries three")]
    public async Task A_broken_textfile_fails_promtool(string good, string bad)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("prom-broken");
        using var text = new StringWriter();
        PrometheusTextfile.Write(text, ValidationSamples.Hostile());
        Assert.Contains(good, text.ToString(), StringComparison.Ordinal);
        var path = work.File("broken.prom");
        await File.WriteAllTextAsync(path, ReplaceFirst(text.ToString(), good, bad), ct);

        var result = await PromtoolCheckMetricsAsync(path, ct);

        Assert.True(result.ExitCode != 0 || result.StandardOutput.Length + result.StandardError.Length > 0,
            $"promtool accepted a broken file:\n{await File.ReadAllTextAsync(path, ct)}");
    }

    [Fact]
    public async Task The_html_report_renders_in_chromium_with_hostile_names_as_text_and_no_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("html");
        var report = ValidationSamples.Hostile();
        var path = work.File("report.html");
        await ValidationHtml.WriteFileAsync(path, report, ct);

        // The page's Content-Security-Policy would stop inline script anyway: bypass it, so escaping alone is tested.
        var page = await RenderAsync(path, work.File("report.png"), bypassCsp: true, ct);

        Assert.False(page.GetProperty("xss").GetBoolean(), "a script from the report's content ran");
        Assert.Equal(0, page.GetProperty("dialogs").GetInt32());
        Assert.Equal(0, page.GetProperty("scripts").GetInt32());
        Assert.Equal(0, page.GetProperty("images").GetInt32());
        Assert.Empty(page.GetProperty("requests").EnumerateArray());
        Assert.Empty(page.GetProperty("pageErrors").EnumerateArray());
        Assert.Equal(report.Zones.Select(z => z.Zone), page.GetProperty("zoneNames").EnumerateArray().Select(z => z.GetString()));
        var rows = page.GetProperty("findingRows").EnumerateArray().ToList();
        Assert.Equal(report.Findings.Count(), rows.Count);
        var cells = rows[0].GetProperty("cells").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["error", "declared-served", ValidationSamples.HostileServer, ValidationSamples.HostileSubject, ValidationSamples.HostileMessage], cells);
        Assert.Equal("10px", page.GetProperty("styled").GetString()); // the inline stylesheet applied
        Assert.Empty(page.GetProperty("unreadable").EnumerateArray());
    }

    [Fact]
    public async Task A_report_that_did_not_escape_its_names_is_caught()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("html-broken");
        using var text = new StringWriter();
        ValidationHtml.Write(text, ValidationSamples.Hostile());
        var escaped = ValidationHtml.Escape(ValidationSamples.HostileSubject);
        Assert.Contains(escaped, text.ToString(), StringComparison.Ordinal);
        var path = work.File("broken.html");
        await File.WriteAllTextAsync(path, text.ToString().Replace(escaped, ValidationSamples.HostileSubject, StringComparison.Ordinal), ct);

        var page = await RenderAsync(path, work.File("broken.png"), bypassCsp: true, ct);

        Assert.True(page.GetProperty("xss").GetBoolean(), "the hostile onerror did not run: the check cannot see script execution");
        Assert.Contains(page.GetProperty("requests").EnumerateArray(), r => r.GetString()!.EndsWith("/x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_realistic_report_renders_under_its_own_policy_and_matches_the_docs_screenshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("html-docs");
        var report = ValidationSamples.Realistic();
        var path = work.File("report.html");
        await ValidationHtml.WriteFileAsync(path, report, ct);
        var shot = work.File("dns-validate-report.png");

        var page = await RenderAsync(path, shot, bypassCsp: false, ct);

        Assert.Equal(["example.com.", "2.0.192.in-addr.arpa.", "example.net."], page.GetProperty("zoneNames").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(7, page.GetProperty("findingRows").GetArrayLength());
        Assert.Empty(page.GetProperty("requests").EnumerateArray());
        Assert.DoesNotContain(page.GetProperty("console").EnumerateArray(), m => m.GetString()!.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.Equal("10px", page.GetProperty("styled").GetString());
        Assert.Empty(page.GetProperty("unreadable").EnumerateArray()); // (the severity pills once had text in their own colour)
        var png = await File.ReadAllBytesAsync(shot, ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(1100, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        if (Environment.GetEnvironmentVariable("PGUIDE_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(s_docsImage)!);
            File.Copy(shot, s_docsImage, overwrite: true);
        }

        Assert.True(File.Exists(s_docsImage), $"{s_docsImage} is missing: run this test with PGUIDE_UPDATE_DOCS=1 and commit it");
    }

    private static List<string> SchemaProblems(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = XmlReader.Create(s_xsd))
        {
            schemas.Add(null, xsd);
        }

        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed: {e.Message}");
        }

        return problems;
    }

    private static async Task<ProcessResult> PromtoolCheckMetricsAsync(string path, CancellationToken cancellationToken)
    {
        if (!Prerequisites.Have("promtool"))
        {
            Assert.Skip("not installed: promtool (apt-get install prometheus; scripts/test.sh does)");
        }

        // promtool check metrics reads standard input only.
        return await ProcessRunner.RunAsync("sh", ["-c", "exec promtool check metrics < \"$1\"", "sh", path], TimeSpan.FromSeconds(30), cancellationToken);
    }

    private static async Task<JsonElement> RenderAsync(string html, string screenshot, bool bypassCsp, CancellationToken cancellationToken)
    {
        if (!Prerequisites.Have("chromium"))
        {
            Assert.Skip("not installed: chromium (apt-get install chromium; scripts/test.sh does)");
        }

        string[] args = bypassCsp ? ["--bypass-csp", html, screenshot] : [html, screenshot];
        var result = await LintScript.RunAsync("render-html.sh", args, cancellationToken);
        Assert.True(result.ExitCode == 0, $"render-html.sh exited {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
