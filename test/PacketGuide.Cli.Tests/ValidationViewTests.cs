using PacketGuide.Cli.Dns;
using PacketGuide.Dns.Tests.Validation;
using PacketGuide.Dns.Validation;
using Spectre.Console;

namespace PacketGuide.Cli.Tests;

/// <summary>The console view of dns validate: groups by severity worst first, prints report text literally (no markup
/// injection), and --watch's change lines.</summary>
public sealed class ValidationViewTests
{
    private static (IAnsiConsole Console, StringWriter Text) Console()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 400;
        return (console, text);
    }

    [Fact]
    public void Groups_findings_by_severity_worst_first_and_prints_hostile_text_literally()
    {
        var (console, text) = Console();

        ValidationView.Render(console, ValidationSamples.Hostile());

        var output = text.ToString();
        var errors = output.IndexOf("2 errors\n", StringComparison.Ordinal);
        var warnings = output.IndexOf("2 warnings\n", StringComparison.Ordinal);
        var info = output.IndexOf("1 info\n", StringComparison.Ordinal);
        Assert.True(errors >= 0 && errors < warnings && warnings < info, output);
        Assert.Contains("[red]not markup[/]", output, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=", output, StringComparison.Ordinal);
        Assert.Contains("example.com.: 18 passed, 0 failed, 6 not run; 1 server(s)", output, StringComparison.Ordinal);
        Assert.Contains("2 zone(s), 2 error(s), 2 warning(s), 1 info, 321 queries in 1.50 s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_prints_one_line_per_change_and_nothing_when_nothing_changed()
    {
        var before = ValidationSamples.With(
            new ValidationFinding("soa-serial", ValidationSeverity.Error, "example.com.", "ns2", "example.com. SOA", "2 behind"),
            new ValidationFinding("rrsig-validity", ValidationSeverity.Warning, "example.com.", null, "example.com. SOA", "expires in 1 day"));
        var after = ValidationSamples.With(
            new ValidationFinding("rrsig-validity", ValidationSeverity.Error, "example.com.", null, "example.com. SOA", "expired"),
            new ValidationFinding("cname-loop", ValidationSeverity.Error, "example.com.", null, "[a].example.com. CNAME", "loop"));
        var at = new DateTimeOffset(2026, 11, 26, 21, 5, 0, TimeSpan.Zero);

        var (console, text) = Console();
        ValidationView.Changes(console, ValidationDiff.Between(before, after), at);
        var (quiet, none) = Console();
        ValidationView.Changes(quiet, ValidationDiff.Between(after, after), at);

        Assert.Equal(
        [
            "21:05:00 + error example.com. cname-loop [a].example.com. CNAME: loop",
            "21:05:00 ~ warning → error example.com. rrsig-validity example.com. SOA: expired",
            "21:05:00 - resolved example.com. soa-serial [ns2] example.com. SOA: 2 behind",
        ], text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
        Assert.Equal("", none.ToString());
    }
}
