using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PacketGuide.Cli.Tests;

public sealed class DhcpPoolsAndLeasesCommandTests : IDisposable
{
    // The moment the kea4/info and dhcpd/stderr samples were captured: their leases are current then.
    private static readonly DateTimeOffset s_captured = new(2026, 11, 26, 14, 50, 0, TimeSpan.Zero);
    private static readonly string s_keaLog = Data("kea4", "info", "kea-dhcp4.log");
    private static readonly string s_keaLeases = Data("kea4", "info", "kea-leases4.csv");
    private static readonly string s_dhcpdLeases = Data("dhcpd", "stderr", "dhcpd.leases");
    private static readonly string s_dhcpdConf = Data("config", "dhcpd.conf");
    private readonly string _directory = Directory.CreateTempSubdirectory("pguide-pools-").FullName;
    private readonly string _keaConf;

    public DhcpPoolsAndLeasesCommandTests()
    {
        // The configuration the kea4/info sample ran with (test/data/README.md).
        _keaConf = Path.Combine(_directory, "kea-dhcp4.conf");
        File.WriteAllText(_keaConf, """
            // kea4/info ran with these pools
            { "Dhcp4": { "valid-lifetime": 3600, "subnet4": [
              { "id": 1, "subnet": "10.77.0.0/22", "pools": [ { "pool": "10.77.1.0 - 10.77.3.250" } ] },
              { "id": 2, "subnet": "10.78.0.0/24", "pools": [ { "pool": "10.78.0.10 - 10.78.0.12" } ] } ] } }
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Pools_json_counts_the_kea_log_per_subnet_and_pool_and_exits_1_when_a_pool_is_critical()
    {
        var (code, output, error) = await Run(Captured(), "dhcp", "pools", "--json", "--timezone", "UTC", "--config", _keaConf, s_keaLog);

        Assert.Equal(1, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var subnets = json.RootElement.GetProperty("subnets");
        Assert.Equal(2, subnets.GetArrayLength());
        var first = subnets[0];
        Assert.Equal("10.77.0.0/22", first.GetProperty("subnet").GetString());
        Assert.Equal(1, first.GetProperty("id").GetInt64());
        Assert.Equal(763, first.GetProperty("total").GetInt64());
        Assert.Equal(14, first.GetProperty("assigned").GetInt64());
        Assert.Equal(2, first.GetProperty("declined").GetInt64());
        Assert.Equal(12, first.GetProperty("leased").GetInt64());
        Assert.Equal("ok", first.GetProperty("level").GetString());
        Assert.Equal("10.77.1.0-10.77.3.250", first.GetProperty("pools")[0].GetProperty("range").GetString());
        Assert.Equal("critical", subnets[1].GetProperty("level").GetString());
        Assert.Equal(1.0, subnets[1].GetProperty("utilization").GetDouble());
        Assert.Equal(15, json.RootElement.GetProperty("activeLeases").GetInt64());
    }

    [Fact]
    public async Task Kea_log_and_kea_lease_file_and_dhcpd_lease_file_of_the_same_scenario_agree()
    {
        var fromLog = await Assigned(Captured(), "--config", _keaConf, "--timezone", "UTC", s_keaLog);
        var fromCsv = await Assigned(Captured(), "--config", _keaConf, s_keaLeases);
        var fromDhcpd = await Assigned(Captured(), "--config", s_dhcpdConf, s_dhcpdLeases);

        Assert.Equal([14L, 3L], fromLog);
        Assert.Equal(fromLog, fromCsv);
        Assert.Equal([14L, 3L], fromDhcpd.Take(2));
    }

    [Fact]
    public async Task Thresholds_colour_levels_and_a_lower_critical_changes_the_exit_code()
    {
        var (code, output, _) = await Run(Captured(), "dhcp", "pools", "--json", "--warn", "1", "--critical", "1.5", "--config", _keaConf, s_keaLeases);

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("critical", json.RootElement.GetProperty("subnets")[0].GetProperty("level").GetString()); // 14 of 763 = 1.8 %

        var (relaxed, _, _) = await Run(Captured(), "dhcp", "pools", "--warn", "99", "--critical", "100.1", "--config", _keaConf, s_keaLeases);
        Assert.Equal(0, relaxed);
    }

    [Fact]
    public async Task Human_table_has_a_bar_per_row_and_the_drift_free_caption()
    {
        var (code, output, _) = await Run(Captured(), "dhcp", "pools", "--config", _keaConf, s_keaLeases);

        Assert.Equal(1, code);
        Assert.Contains("10.77.0.0/22 (id 1)", output, StringComparison.Ordinal);
        Assert.Contains("│   10.78.0.10-10.78.0.12 │", output, StringComparison.Ordinal);
        Assert.Contains("100.0%", output, StringComparison.Ordinal);
        Assert.Contains(new string('█', 20), output, StringComparison.Ordinal);
        Assert.Contains("15 leases, 2 declined", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configuration_pools_counts_per_label_and_says_totals_are_unknown()
    {
        var (code, output, error) = await Run(Captured(), "dhcp", "pools", "--json", s_keaLeases);

        Assert.Equal(0, code);
        Assert.Contains("no --config", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output);
        var subnets = json.RootElement.GetProperty("subnets");
        Assert.Equal(["1", "2"], subnets.EnumerateArray().Select(s => s.GetProperty("subnet").GetString()));
        Assert.Equal(JsonValueKind.Null, subnets[0].GetProperty("total").ValueKind);
        Assert.Equal("unknown", subnets[0].GetProperty("level").GetString());
    }

    [Fact]
    public async Task State_long_after_the_capture_is_empty_and_a_note_points_to_at_end()
    {
        var later = new FakeTimeProvider(s_captured.AddDays(3));
        var (code, output, error) = await Run(later, "dhcp", "leases", "--json", "--config", _keaConf, s_keaLeases);

        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(0, json.RootElement.GetProperty("count").GetInt64());
        }

        Assert.Contains("--at end", error, StringComparison.Ordinal);

        var (_, atEnd, _) = await Run(later, "dhcp", "leases", "--json", "--at", "end", "--config", _keaConf, s_keaLeases);
        using var end = JsonDocument.Parse(atEnd);
        Assert.Equal(17, end.RootElement.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Leases_filter_by_mac_ip_subnet_and_declined()
    {
        async Task<List<string>> Addresses(params string[] filter)
        {
            var (code, output, _) = await Run(Captured(), ["dhcp", "leases", "--json", "--config", _keaConf, s_keaLeases, .. filter]);
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("address").GetString()!).ToList();
        }

        Assert.Equal(["10.77.1.6"], await Addresses("--mac", "02:00:00:00:01:07"));
        Assert.Equal(["10.78.0.10", "10.78.0.11", "10.78.0.12"], await Addresses("--subnet", "2"));
        Assert.Equal(["10.78.0.10", "10.78.0.11", "10.78.0.12"], await Addresses("--subnet", "10.78.0.0/24"));
        Assert.Equal(["10.77.1.18", "10.77.1.19"], await Addresses("--declined"));
        Assert.Equal(["10.77.1.8", "10.77.1.9"], await Addresses("--ip", "10.77.1.8/31"));
        Assert.Equal(["10.77.1.7"], await Addresses("--ip", "10.77.1.7"));
        Assert.Empty(await Addresses("--mac", "02:00:00:00:99:99"));
    }

    [Fact]
    public async Task Leases_at_a_past_moment_show_the_state_then()
    {
        // 10.77.1.0-5 were released at 14:48:23.6; the journal's first rows granted them just before.
        var (_, output, _) = await Run(Captured(), "dhcp", "leases", "--json", "--timezone", "UTC", "--at", "2026-11-26T14:48:23.640", "--config", _keaConf, s_keaLog);

        using var json = JsonDocument.Parse(output);
        var addresses = json.RootElement.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("address").GetString()).ToList();
        Assert.Contains("10.77.1.0", addresses);
        Assert.DoesNotContain("10.78.0.10", addresses);
    }

    [Theory]
    [InlineData("no inputs", "nothing to read", "dhcp", "pools")]
    [InlineData("bad mac", "--mac: 'nope'", "dhcp", "leases", "--mac", "nope", "x.log")]
    [InlineData("bad ip", "--ip: '10.0.0.300'", "dhcp", "leases", "--ip", "10.0.0.300", "x.log")]
    [InlineData("warn above critical", "--warn and --critical", "dhcp", "pools", "--warn", "95", "--critical", "90", "x.log")]
    [InlineData("reconcile without follow", "--reconcile-every needs --follow", "dhcp", "pools", "--reconcile-every", "60s", "x.log")]
    [InlineData("bad interval", "--interval: 'soon'", "dhcp", "pools", "--follow", "--interval", "soon", "x.log")]
    [InlineData("at with follow", "--at does not go with --follow", "dhcp", "pools", "--follow", "--at", "end", "x.log")]
    [InlineData("bad at", "--at: cannot read 'yesterday-ish'", "dhcp", "pools", "--at", "yesterday-ish", "x.log")]
    [InlineData("missing input", "does-not-exist.log", "dhcp", "leases", "does-not-exist.log")]
    [InlineData("missing config", "no-such.conf", "dhcp", "pools", "--config", "no-such.conf", "x.log")]
    [InlineData("bad lifetime", "--default-lifetime: 0", "dhcp", "pools", "--default-lifetime", "0", "x.log")]
    [InlineData("kea url and socket", "exactly one of --url", "dhcp", "pools", "--url", "http://127.0.0.1:1/", "--socket", "/nonexistent", "x.log")]
    public async Task Usage_and_input_errors_exit_2_and_say_what_to_fix(string because, string expected, params string[] args)
    {
        var (code, _, error) = await Run(Captured(), args);

        Assert.True(code == 2, because);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_kea_exits_3()
    {
        var (code, _, error) = await Run(Captured(), "dhcp", "pools", "--socket", Path.Combine(_directory, "no-kea.sock"));

        Assert.Equal(3, code);
        Assert.Contains("no-kea.sock", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_lines_and_a_truncated_lease_file_are_counted_and_an_unknown_file_is_a_clear_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var garbage = Path.Combine(_directory, "garbage.bin");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))], ct);
        var log = Path.Combine(_directory, "kea-dhcp4.log");
        await File.WriteAllTextAsync(log, await File.ReadAllTextAsync(s_keaLog, ct) + "2026-11-26 14:49:00.000 INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC \u0000\n\u00ff garbage\n", ct);
        var truncated = Path.Combine(_directory, "kea-leases4.csv");
        var csv = await File.ReadAllTextAsync(s_keaLeases, ct);
        await File.WriteAllTextAsync(truncated, csv[..(csv.Length - 40)], ct); // the last row is cut in the middle

        var (code, output, error) = await Run(Captured(), "dhcp", "pools", "--json", "--timezone", "UTC", "--config", _keaConf, log, truncated);

        Assert.Equal(1, code);
        Assert.Contains("input lines not understood", error, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(14, json.RootElement.GetProperty("subnets")[0].GetProperty("assigned").GetInt64());
        }

        var (unknown, _, message) = await Run(Captured(), "dhcp", "pools", "--config", _keaConf, garbage);
        Assert.Equal(2, unknown);
        Assert.Contains("garbage.bin: cannot tell what this file is", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_prints_a_json_snapshot_per_interval_with_lines_appended_meanwhile()
    {
        var log = Path.Combine(_directory, "kea-dhcp4.log");
        var lines = await File.ReadAllLinesAsync(s_keaLog, TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(log, lines[..20], TestContext.Current.CancellationToken);
        var output = new LockedWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var env = new CliEnvironment(output, new StringWriter(), new PinnedClock(s_captured), () => Stream.Null);
        var run = PguideCli.RunAsync(["dhcp", "pools", "--follow", "--interval", "1s", "--json", "--timezone", "UTC", "--config", _keaConf, log], env, stop.Token);

        await WaitFor(() => Snapshots(output).Length > 0, "a first snapshot");
        await File.AppendAllLinesAsync(log, lines[20..], TestContext.Current.CancellationToken);
        await WaitFor(() => Snapshots(output).LastOrDefault()?.Contains("\"activeLeases\":15", StringComparison.Ordinal) == true, "a snapshot with all 15 leases");
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.All(Snapshots(output), line => JsonDocument.Parse(line).Dispose());
    }

    private static string[] Snapshots(LockedWriter output) => output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), $"no {what} within 30 s");
    }

    private static async Task<List<long>> Assigned(TimeProvider time, params string[] args)
    {
        var (_, output, _) = await Run(time, ["dhcp", "pools", "--json", .. args]);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("subnets").EnumerateArray().Select(s => s.GetProperty("assigned").GetInt64()).ToList();
    }

    private static FakeTimeProvider Captured() => new(s_captured);

    private static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    private static async Task<(int Code, string Output, string Error)> Run(TimeProvider time, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PguideCli.RunAsync(args, new CliEnvironment(output, error, time, () => Stream.Null), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A clock whose wall time stays at the capture, while timers still run in real time.</summary>
    private sealed class PinnedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A StringWriter the command writes from its timer thread while the test reads.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate)
            {
                base.Write(buffer, index, count);
            }
        }

        public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                base.WriteLine(buffer.Span);
            }

            return Task.CompletedTask;
        }
    }
}
