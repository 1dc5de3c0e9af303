using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PacketGuide.Cli.Tests;

public sealed class DhcpParseCommandTests
{
    private static readonly string s_keaDebug = Path.Combine(AppContext.BaseDirectory, "data", "kea4", "debug45", "kea-dhcp4.log");
    private static readonly string s_dhcpd = Path.Combine(AppContext.BaseDirectory, "data", "dhcpd", "stderr", "dhcpd.log");

    [Fact]
    public async Task Json_is_one_object_with_every_kind_and_the_documented_keys()
    {
        var (code, output, _) = await Run("dhcp", "parse", "--json", "--timezone", "UTC", s_keaDebug, s_dhcpd);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        foreach (var key in new[] { "lines", "events", "byKind", "clients", "unparsed", "files", "subnets", "servers", "via", "allocationFailures" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal(10, root.GetProperty("byKind").EnumerateObject().Count());
        Assert.Equal(50, root.GetProperty("byKind").GetProperty("discover").GetInt64());
        Assert.Equal(4, root.GetProperty("byKind").GetProperty("allocation-failed").GetInt64());
        Assert.Equal(2, root.GetProperty("files").GetArrayLength());
        Assert.Equal("kea", root.GetProperty("files")[0].GetProperty("format").GetString());
    }

    [Fact]
    public async Task Events_are_json_lines_and_csv_has_a_header_and_the_same_rows()
    {
        var (code, output, error) = await Run("dhcp", "parse", "--events", s_dhcpd);
        var (csvCode, csv, _) = await Run("dhcp", "parse", "--csv", s_dhcpd);

        Assert.Equal((0, 0), (code, csvCode));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(114, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("discover", first.RootElement.GetProperty("kind").GetString());
        Assert.EndsWith("dhcpd.log:13", first.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains("114 events", error, StringComparison.Ordinal);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,server,kind,ip,mac,clientId,hostname,subnet,via,leaseSeconds,source", rows[0]);
        Assert.Equal(115, rows.Length);
    }

    [Fact]
    public async Task Human_report_lists_kinds_and_failures()
    {
        var (code, output, _) = await Run("dhcp", "parse", s_dhcpd);

        Assert.Equal(0, code);
        Assert.Contains("114 events", output, StringComparison.Ordinal);
        Assert.Contains("allocation-failed", output, StringComparison.Ordinal);
        Assert.Contains("10.78.0.0/24", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dhcp", "parse", "/nonexistent/kea.log")]
    [InlineData("dhcp", "parse", "--json", "--events", "x")]
    [InlineData("dhcp", "parse", "--since", "yesterday-ish", "x")]
    [InlineData("dhcp", "parse", "--format", "bind", "x")]
    [InlineData("dhcp", "parse", "--bogus")]
    [InlineData("dhcp", "prase")]
    public async Task Usage_errors_and_missing_files_exit_2_and_say_why(params string[] args)
    {
        var (code, _, error) = await Run(args);

        Assert.Equal(2, code);
        Assert.NotEmpty(error.Trim());
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var (_, _, error) = await Run("dhcp", "parse", "/nonexistent/kea.log");

        Assert.Contains("/nonexistent/kea.log: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_teaches_and_exits_0()
    {
        var (code, output, _) = await Run("dhcp", "parse", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--since", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_since_uses_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 14, 48, 29, TimeSpan.Zero));
        var (code, output, _) = await Run(clock, "dhcp", "parse", "--json", "--timezone", "UTC", "--since", "1s", s_keaDebug);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("outOfRange").GetInt64() > 0);
    }

    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => Run(TimeProvider.System, args);

    private static async Task<(int Code, string Output, string Error)> Run(TimeProvider time, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PguideCli.RunAsync(args, new CliEnvironment(output, error, time, () => Stream.Null), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
