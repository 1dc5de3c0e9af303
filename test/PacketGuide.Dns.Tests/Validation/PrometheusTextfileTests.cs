using System.Globalization;
using System.Text.RegularExpressions;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>
/// The node_exporter textfile: every line is HELP, TYPE or a sample of the exposition grammar, names carry the prefix,
/// label values unescape back to the report's values, and no record name becomes a label. (The integration tests run
/// promtool check metrics over the same output.)
/// </summary>
public sealed partial class PrometheusTextfileTests
{
    private static string Render(ValidationReport report)
    {
        using var text = new StringWriter();
        PrometheusTextfile.Write(text, report);
        return text.ToString();
    }

    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(line =>
        {
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(
                p => p.Groups["name"].Value,
                p => Regex.Replace(p.Groups["value"].Value, @"\\(.)", e => e.Groups[1].Value == "n" ? "\n" : e.Groups[1].Value),
                StringComparer.Ordinal);
            return (m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }).ToList();

    [Fact]
    public void Every_family_has_help_and_type_and_the_prefix()
    {
        var text = Render(ValidationSamples.Hostile());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(
            ["check_passed", "findings", "rrsig_expiry_seconds", "soa_serial_lag", "latency_seconds", "last_run_timestamp_seconds", "duration_seconds", "queries"],
            families.Select(f => f[PrometheusTextfile.Prefix.Length..]));
        Assert.All(families, f => Assert.Contains($"# HELP {f} ", text, StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.StartsWith("# TYPE", StringComparison.Ordinal)), l => Assert.EndsWith(" gauge", l, StringComparison.Ordinal));
        Assert.All(Samples(text), s => Assert.StartsWith(PrometheusTextfile.Prefix, s.Name, StringComparison.Ordinal));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_and_hostile_label_values_round_trip()
    {
        var samples = Samples(Render(ValidationSamples.Hostile()));
        double Value(string name, params (string, string)[] labels) =>
            Assert.Single(samples, s => s.Name == PrometheusTextfile.Prefix + name && labels.All(l => s.Labels.GetValueOrDefault(l.Item1) == l.Item2)).Value;

        Assert.Equal(0, Value("check_passed", ("zone", ValidationSamples.HostileZone), ("check", "declared-served")));
        Assert.Equal(1, Value("check_passed", ("zone", ValidationSamples.HostileZone), ("check", "extra-served")));
        Assert.Equal(0, Value("check_passed", ("zone", ValidationSamples.HostileZone), ("check", "ttl-bounds")));
        Assert.DoesNotContain(samples, s => s.Name.EndsWith("check_passed", StringComparison.Ordinal) && s.Labels["check"] == "denial" && s.Labels["zone"] == ValidationSamples.HostileZone);
        Assert.Equal(2, Value("findings", ("zone", ValidationSamples.HostileZone), ("severity", "error")));
        Assert.Equal(0, Value("findings", ("zone", "example.com."), ("severity", "warning")));
        Assert.Equal(266_400, Value("rrsig_expiry_seconds", ("zone", ValidationSamples.HostileZone)));
        Assert.DoesNotContain(samples, s => s.Name.EndsWith("rrsig_expiry_seconds", StringComparison.Ordinal) && s.Labels["zone"] == "example.com.");
        Assert.Equal(2, Value("soa_serial_lag", ("zone", ValidationSamples.HostileZone), ("server", "127.0.0.1:5353")));
        Assert.Equal(0.00125, Value("latency_seconds", ("zone", ValidationSamples.HostileZone), ("server", ValidationSamples.HostileServer)));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 0, 1, 500, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0, Value("last_run_timestamp_seconds"));
        Assert.Equal(1.5, Value("duration_seconds"));
        Assert.Equal(321, Value("queries"));
    }

    [Fact]
    public void No_record_name_or_message_becomes_a_label()
    {
        var text = Render(ValidationSamples.Hostile());

        Assert.All(Samples(text), s => Assert.Subset(new HashSet<string>(["zone", "check", "severity", "server"]), s.Labels.Keys.ToHashSet()));
        Assert.DoesNotContain("onerror", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TTL 30", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain.example.", "plain.example.")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    public void Label_values_are_escaped_as_the_format_requires(string value, string escaped) =>
        Assert.Equal(escaped, PrometheusTextfile.EscapeLabelValue(value));

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (?<value>-?[0-9.eE+-]+|NaN|[+-]Inf)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex LabelPair();
}
