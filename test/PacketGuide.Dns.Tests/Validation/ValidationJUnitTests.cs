using System.Xml.Linq;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>
/// The --junit shape: a suite per zone, a case per catalogue check, failures exactly at or above --fail-on (the exit
/// code's rule), the rest in system-out, skipped for checks not run; hostile names survive as attribute text, and
/// characters XML cannot carry are made visible instead of breaking the file. (The integration tests validate the same
/// output against the JUnit XSD.)
/// </summary>
public sealed class ValidationJUnitTests
{
    private static XDocument Render(ValidationReport report, ValidationSeverity failOn = ValidationSeverity.Error)
    {
        using var text = new StringWriter();
        ValidationJUnit.Write(text, report, failOn, "test-host");
        return XDocument.Parse(text.ToString());
    }

    private static XElement Case(XElement suite, string id) => suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == id);

    [Fact]
    public void One_suite_per_zone_and_one_case_per_check_named_by_id_with_the_group_as_classname()
    {
        var root = Render(ValidationSamples.Hostile()).Root!;

        Assert.Equal("testsuites", root.Name.LocalName);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal([ValidationSamples.HostileZone, "example.com."], suites.Select(s => (string?)s.Attribute("name")));
        Assert.All(suites, s => Assert.Equal(ValidationChecks.All.Select(c => c.Id), s.Elements("testcase").Select(c => (string?)c.Attribute("name"))));
        Assert.Equal("consistency", (string?)Case(suites[0], "soa-serial").Attribute("classname"));
        Assert.Equal("48", (string?)root.Attribute("tests"));
        Assert.Equal("2", (string?)root.Attribute("failures"));
        Assert.Equal("2", (string?)suites[0].Attribute("failures"));
        Assert.Equal("2", (string?)suites[0].Attribute("skipped"));
        Assert.Equal("6", (string?)suites[1].Attribute("skipped"));
        Assert.Equal("2026-11-26T21:00:00", (string?)suites[0].Attribute("timestamp"));
        Assert.Equal(ValidationSamples.HostileServer, suites[0].Element("properties")!.Elements("property")
            .First(p => (string?)p.Attribute("name") == "server").Attribute("value")!.Value);
    }

    [Fact]
    public void Errors_fail_warnings_and_info_go_to_system_out_and_checks_not_run_are_skipped_with_fail_on_error()
    {
        var evil = Render(ValidationSamples.Hostile()).Root!.Elements("testsuite").First();

        var failure = Case(evil, "declared-served").Element("failure")!;
        Assert.Equal("error", (string?)failure.Attribute("type"));
        Assert.Contains(ValidationSamples.HostileSubject, failure.Value, StringComparison.Ordinal);
        Assert.Contains("[red]not markup[/]", (string?)failure.Attribute("message"), StringComparison.Ordinal);
        Assert.Null(Case(evil, "ttl-bounds").Element("failure"));
        Assert.Equal("warning <b>www</b>.evil.example. A: TTL 30 is below the policy's 60", Case(evil, "ttl-bounds").Element("system-out")!.Value);
        Assert.Null(Case(evil, "extra-served").Element("failure"));
        Assert.NotNull(Case(evil, "denial").Element("skipped"));
        Assert.Empty(Case(evil, "glue").Elements());
    }

    [Fact]
    public void With_fail_on_warning_warnings_fail_too()
    {
        var root = Render(ValidationSamples.Hostile(), ValidationSeverity.Warning).Root!;
        var evil = root.Elements("testsuite").First();

        Assert.Equal("warning", (string?)Case(evil, "ttl-bounds").Element("failure")!.Attribute("type"));
        Assert.Equal("4", (string?)root.Attribute("failures"));
        Assert.Equal("warning", evil.Element("properties")!.Elements("property").First().Attribute("value")!.Value);
    }

    [Fact]
    public void Characters_xml_cannot_carry_become_visible_escapes()
    {
        var evil = Render(ValidationSamples.Hostile()).Root!.Elements("testsuite").First();

        var text = Case(evil, "declared-served").Element("failure")!.Value;
        Assert.Contains("\\u0001control\\u001B[31m", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', text);
    }
}
