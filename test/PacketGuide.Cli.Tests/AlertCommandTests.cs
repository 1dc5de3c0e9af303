using System.Text.Json;

namespace PacketGuide.Cli.Tests;

/// <summary><c>pguide alert check</c>: the rules a pguide.yaml makes, and its mistakes, offline.</summary>
public sealed class AlertCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pguide-alert-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<(int Code, string Output, string Error)> RunAsync(string yaml, params string[] args)
    {
        var path = Path.Combine(_work, "pguide.yaml");
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PguideCli.RunAsync(["alert", "check", "--config", path, .. args], new CliEnvironment(output, error, TimeProvider.System, () => Stream.Null),
            TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_valid_section_lists_its_rules_with_the_defaults_filled_in()
    {
        var (code, output, _) = await RunAsync("alerting:\n  rules:\n    - {name: pool-high, kind: pool-utilization, threshold: 85%, clear: 80%, for: 5m}\n", "--json");

        Assert.Equal(0, code);
        var rule = JsonDocument.Parse(output).RootElement.GetProperty("rules")[0];
        Assert.Equal(("pool-high", "pool-utilization", "warning", 0.85, 0.8, 300.0), (rule.GetProperty("name").GetString(), rule.GetProperty("kind").GetString(),
            rule.GetProperty("severity").GetString(), rule.GetProperty("threshold").GetDouble(), rule.GetProperty("clear").GetDouble(), rule.GetProperty("forSeconds").GetDouble()));
        Assert.Contains("{subnet}", rule.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_section_the_built_in_rules_are_listed()
    {
        var (code, output, _) = await RunAsync("serve: {}\n");

        Assert.Equal(0, code);
        Assert.Contains("allocation-failure", output, StringComparison.Ordinal);
        Assert.Contains("11 rule(s) valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistake_is_exit_2_naming_the_line_and_key()
    {
        var (code, _, error) = await RunAsync("alerting:\n  rules:\n    - {name: x, kind: nak-rate, threshold: lots}\n");

        Assert.Equal(2, code);
        Assert.Contains("pguide.yaml:3: alerting.rules[0].threshold: 'lots' is not a whole number", error, StringComparison.Ordinal);
    }
}
