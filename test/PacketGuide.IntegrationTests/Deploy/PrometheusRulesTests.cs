using System.Text.RegularExpressions;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Deploy;

/// <summary>
/// deploy/prometheus/pguide-rules.yml: Prometheus's own tool accepts the rules and runs their unit tests
/// (pguide-rules.test.yml: each alert fires on the series it is about, after its for, and not before), and every
/// metric the rules read is one pguide exports (docs/metrics.md lists them all).
/// </summary>
public sealed partial class PrometheusRulesTests
{
    private static readonly string s_directory = Path.Combine(RepositoryLayout.Root, "deploy", "prometheus");

    [Fact]
    public async Task Promtool_checks_the_rules_and_their_unit_tests_pass()
    {
        Prerequisites.RequirePrograms("promtool");
        var ct = TestContext.Current.CancellationToken;

        var check = await ProcessRunner.RunAsync("promtool", ["check", "rules", Path.Combine(s_directory, "pguide-rules.yml")], TimeSpan.FromSeconds(60), ct);
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
        Assert.Contains("SUCCESS: 15 rules found", check.StandardOutput, StringComparison.Ordinal);
        var test = await ProcessRunner.RunAsync("bash", ["-c", $"cd '{s_directory}' && promtool test rules pguide-rules.test.yml"], TimeSpan.FromSeconds(60), ct);
        Assert.True(test.ExitCode == 0, test.StandardOutput + test.StandardError);
    }

    [Fact]
    public async Task Every_metric_the_rules_read_is_a_documented_pguide_metric()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(s_directory, "pguide-rules.yml"), TestContext.Current.CancellationToken);
        var documented = await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.Root, "docs", "metrics.md"), TestContext.Current.CancellationToken);

        var used = MetricName().Matches(rules).Select(m => m.Value).Distinct().ToList();
        Assert.True(used.Count >= 10, string.Join(", ", used));
        Assert.All(used, name => Assert.Contains($"`{name}`", documented, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\bpguide_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
