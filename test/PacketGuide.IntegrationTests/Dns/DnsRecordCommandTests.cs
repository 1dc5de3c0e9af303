using System.Globalization;
using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The real <c>pguide dns record</c> process with a pguide.yaml naming the test's PowerDNS (API key from an environment
/// variable); every change is checked with dig over DNS.
/// </summary>
public sealed class DnsRecordCommandTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IDisposable
{
    private const string KeyVariable = "PGUIDE_TEST_PDNS_KEY";
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("pguide-record-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Set_is_served_setting_again_is_a_no_op_and_dry_run_sends_nothing()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;

        var set = await Record(["set", "cli.api.test", "A", "192.0.2.21", "192.0.2.22", "--ttl", "120", "--json"], ct);
        using (var json = JsonDocument.Parse(set.EnsureExitCode().StandardOutput))
        {
            Assert.True(json.RootElement.GetProperty("changed").GetBoolean());
        }

        Assert.Equal(["192.0.2.21", "192.0.2.22"], await DigAsync("cli.api.test", "A", ct));

        var again = await Record(["set", "cli", "A", "192.0.2.22", "192.0.2.21", "--ttl", "120", "--zone", "api.test"], ct);
        Assert.Contains("no change", again.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        var dry = await Record(["set", "cli.api.test", "A", "192.0.2.99", "--dry-run"], ct);
        Assert.Contains("would change", dry.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.21", "192.0.2.22"], await DigAsync("cli.api.test", "A", ct));

        (await Record(["delete", "cli.api.test", "A"], ct)).EnsureExitCode();
        Assert.Empty(await DigAsync("cli.api.test", "A", ct));
    }

    [Fact]
    public async Task Plain_text_longer_than_255_octets_is_split_into_strings_and_served_whole()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var text = string.Concat(Enumerable.Repeat("0123456789", 100)); // 1,000 octets

        (await Record(["set", "long.api.test", "TXT", text], ct)).EnsureExitCode();

        var served = await DigAsync("long.api.test", "TXT", ct);
        var strings = Assert.Single(served).Split("\" \"");
        Assert.Equal(4, strings.Length);
        Assert.Equal(text, string.Concat(strings).Trim('"'));
    }

    [Theory]
    [InlineData("CNAME next to other data", "set", "ns1.api.test", "CNAME", "www.api.test")]
    [InlineData("not an address", "set", "bad.api.test", "A", "192.0.2.256")]
    [InlineData("AAAA given an IPv4 address", "set", "bad.api.test", "AAAA", "192.0.2.1")]
    [InlineData("label too long", "set", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.api.test", "A", "192.0.2.1")]
    [InlineData("outside every zone", "set", "www.elsewhere.test", "A", "192.0.2.1")]
    [InlineData("MX without preference", "set", "api.test", "MX", "mail.api.test")]
    [InlineData("quoted TXT string over 255 octets", "set", "t.api.test", "TXT",
        "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"")]
    public async Task Invalid_records_are_refused_before_anything_is_sent(string because, params string[] arguments)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;

        var result = await Record(arguments, ct);

        Assert.True(result.ExitCode == 2, $"{because}: exit {result.ExitCode}\n{result.StandardError}");
        Assert.NotEqual("", result.StandardError.Trim());
    }

    [Fact]
    public async Task Wrong_key_missing_variable_and_unreachable_api_are_clear_and_never_print_the_key()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;

        var wrong = await Record(["list", "api.test"], ct, key: "not-the-key-5mZ");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("refused the API key (401)", wrong.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key-5mZ", wrong.StandardError + wrong.StandardOutput, StringComparison.Ordinal);

        var unset = await Record(["list", "api.test"], ct, key: "");
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains($"env:{KeyVariable}: the environment variable is not set", unset.StandardError, StringComparison.Ordinal);

        var unreachable = await Record(["list", "api.test"], ct, url: "http://127.0.0.1:9/api/v1/servers/localhost");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.DoesNotContain(servers.PowerDns.ApiKey, unreachable.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_pasted_into_pguide_yaml_is_refused_without_being_repeated()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var config = Path.Combine(_directory, "inline.yaml");
        await File.WriteAllTextAsync(config, $"dns:\n  providers:\n    lab:\n      type: powerdns\n      url: {servers.PowerDns.ApiUrl}\n      api-key: {servers.PowerDns.ApiKey}\n", ct);

        var result = await Run(["dns", "record", "list", "api.test", "--config", config], new Dictionary<string, string>(), ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("inline.yaml:6: dns.providers.lab.api-key must be env:NAME or file:/path", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.PowerDns.ApiKey, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rfc2136_providers_from_pguide_yaml_update_bind_with_a_key_file_or_a_referenced_secret()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var config = Path.Combine(_directory, "bind.yaml");
        await File.WriteAllTextAsync(config, $$"""
            dns:
              providers:
                bind-file:
                  type: rfc2136
                  server: 127.0.0.1:{{servers.Bind.Port}}
                  zones: [dyn.test, 2.0.192.in-addr.arpa]
                  tsig-key-file: {{servers.Bind.KeyFile}}
                bind-env:
                  type: rfc2136
                  server: 127.0.0.1:{{servers.Bind.Port}}
                  zones: [dyn.test]
                  tsig-key: { name: ddns-key512, algorithm: hmac-sha512, secret: env:{{KeyVariable}} }
            """, ct);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = servers.Bind.Key512Secret };

        var byFile = await Run(["dns", "record", "set", "cli-file.dyn.test", "AAAA", "2001:db8::41", "--provider", "bind-file", "--config", config], environment, ct);
        Assert.Contains("changed", byFile.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        var byEnv = await Run(["dns", "record", "add", "cli-env", "MX", "10 ns1.dyn.test", "--zone", "dyn.test", "--provider", "bind-env", "--config", config], environment, ct);
        byEnv.EnsureExitCode();
        var listed = await Run(["dns", "record", "get", "cli-env.dyn.test", "--provider", "bind-env", "--config", config, "--json"], environment, ct);
        Assert.Contains("10 ns1.dyn.test.", listed.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        var wrong = await Run(["dns", "record", "set", "x.dyn.test", "A", "192.0.2.1", "--provider", "bind-env", "--config", config],
            new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = Convert.ToBase64String(new byte[64]) }, ct);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("BADSIG", wrong.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_file_sets_two_thousand_rrsets_through_each_provider_and_a_bad_row_stops_everything()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var config = Path.Combine(_directory, "both.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {servers.PowerDns.ApiUrl}\n      api-key: env:{KeyVariable}\n" +
            $"    bind:\n      type: rfc2136\n      server: 127.0.0.1:{servers.Bind.Port}\n      zones: [bulk.test]\n      tsig-key-file: {servers.Bind.KeyFile}\n", ct);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = servers.PowerDns.ApiKey };
        foreach (var (provider, zone, port) in new[] { ("pdns", "api.test", servers.PowerDns.Port), ("bind", "bulk.test", servers.Bind.Port) })
        {
            // 2,000 RRsets: two RFC 2136 messages (up to 63 KB each), one PowerDNS PATCH.
            var rows = Enumerable.Range(0, 2000).Select(i => $"b{i}.{zone},A,300,10.9.{i / 256}.{i % 256}").ToList();
            var file = Path.Combine(_directory, $"{provider}.csv");
            await File.WriteAllLinesAsync(file, ["name,type,ttl,value", .. rows], ct);

            var result = await Run(["dns", "record", "apply-file", file, "--provider", provider, "--config", config, "--json"], environment, ct);
            Assert.Contains("\"sent\": 2000", result.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
            foreach (var i in new[] { 0, 999, 1999 })
            {
                var dig = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), $"b{i}.{zone}", "A", "+short"],
                    TimeSpan.FromSeconds(30), ct);
                Assert.Equal($"10.9.{i / 256}.{i % 256}", dig.EnsureExitCode().StandardOutput.Trim());
            }

            var dry = await Run(["dns", "record", "apply-file", file, "--provider", provider, "--config", config, "--dry-run"], environment, ct);
            Assert.Contains("0 of 2000 RRsets would change", dry.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

            await File.AppendAllLinesAsync(file, [$"late.{zone},A,300,999.1.1.1"], ct);
            var bad = await Run(["dns", "record", "apply-file", file, "--provider", provider, "--config", config], environment, ct);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains($"{file}:2002: A value '999.1.1.1'", bad.StandardError, StringComparison.Ordinal);
        }
    }

    /// <summary>On a terminal (a pseudo-terminal from util-linux's script), apply-file draws a progress bar per zone.</summary>
    [Fact]
    public async Task Apply_file_on_a_terminal_shows_a_progress_bar_that_ends_at_100_percent()
    {
        Prerequisites.RequirePrograms([.. DnsServersFixture.Programs, "script"]);
        var ct = TestContext.Current.CancellationToken;
        var config = Path.Combine(_directory, "tty.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    bind:\n      type: rfc2136\n      server: 127.0.0.1:{servers.Bind.Port}\n      zones: [bulk.test]\n      tsig-key-file: {servers.Bind.KeyFile}\n", ct);
        var file = Path.Combine(_directory, "tty.csv");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 3000).Select(i => $"tty{i}.bulk.test,A,300,10.8.{i / 256}.{i % 256}"), ct);

        var command = string.Join(' ', new[] { "dotnet", s_pguide, "dns", "record", "apply-file", file, "--config", config }.Select(a => $"'{a}'"));
        var result = await ProcessRunner.RunAsync("script", ["--quiet", "--return", "--command", command, "/dev/null"], TimeSpan.FromSeconds(60), ct,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["TERM"] = "xterm-256color", ["COLUMNS"] = "120" });

        var screen = result.EnsureExitCode().StandardOutput;
        Assert.Contains("\u001b[", screen, StringComparison.Ordinal); // drawn live, not printed as plain lines
        Assert.Contains("bulk.test.", screen, StringComparison.Ordinal);
        Assert.Contains("100%", screen, StringComparison.Ordinal);
        Assert.Contains("bulk.test.: 3000 RRsets set", screen, StringComparison.Ordinal);
        var dig = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", servers.Bind.Port.ToString(CultureInfo.InvariantCulture), "tty2999.bulk.test", "A", "+short"],
            TimeSpan.FromSeconds(30), ct);
        Assert.Equal("10.8.11.183", dig.EnsureExitCode().StandardOutput.Trim());
    }

    [Fact]
    public async Task Apply_file_reads_yaml()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_directory, "records.yaml");
        await File.WriteAllTextAsync(file, """
            records:
              - { name: y1.api.test, type: A, ttl: 300, values: [192.0.2.81, 192.0.2.82] }
              - name: y1.api.test
                type: TXT
                value: "from yaml, with a comma"
            """, ct);

        (await Record(["apply-file", file], ct)).EnsureExitCode();

        Assert.Equal(["192.0.2.81", "192.0.2.82"], await DigAsync("y1.api.test", "A", ct));
        Assert.Equal(["\"from yaml, with a comma\""], await DigAsync("y1.api.test", "TXT", ct));
    }

    [Fact]
    public async Task Ptr_follows_the_a_record_through_set_change_and_delete()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var config = Path.Combine(_directory, "ptr.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    bind:\n      type: rfc2136\n      server: 127.0.0.1:{servers.Bind.Port}\n      zones: [bulk.test, 2.0.192.in-addr.arpa]\n" +
            $"      tsig-key-file: {servers.Bind.KeyFile}\n", ct);
        var none = new Dictionary<string, string>();

        (await Run(["dns", "record", "set", "ptrhost.bulk.test", "A", "192.0.2.71", "--ptr", "--config", config], none, ct)).EnsureExitCode();
        Assert.Equal("ptrhost.bulk.test.", await PtrAsync("192.0.2.71", ct));

        (await Run(["dns", "record", "set", "ptrhost.bulk.test", "A", "192.0.2.72", "--ptr", "--config", config], none, ct)).EnsureExitCode();
        Assert.Equal("", await PtrAsync("192.0.2.71", ct));
        Assert.Equal("ptrhost.bulk.test.", await PtrAsync("192.0.2.72", ct));

        var deleted = await Run(["dns", "record", "delete", "ptrhost.bulk.test", "A", "--ptr", "--config", config], none, ct);
        Assert.Contains("PTR 72.2.0.192.in-addr.arpa.: removed", deleted.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", await PtrAsync("192.0.2.72", ct));

        var noReverseZone = await Run(["dns", "record", "set", "other.bulk.test", "A", "198.51.100.7", "--ptr", "--config", config], none, ct);
        Assert.Equal(2, noReverseZone.ExitCode);
        Assert.Contains("no reverse zone for 198.51.100.7", noReverseZone.StandardError, StringComparison.Ordinal);
    }

    private async Task<string> PtrAsync(string address, CancellationToken cancellationToken)
    {
        var dig = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", servers.Bind.Port.ToString(CultureInfo.InvariantCulture), "-x", address, "+short"],
            TimeSpan.FromSeconds(30), cancellationToken);
        return dig.EnsureExitCode().StandardOutput.Trim();
    }

    private async Task<ProcessResult> Record(string[] arguments, CancellationToken cancellationToken, string? key = null, string? url = null)
    {
        var config = Path.Combine(_directory, $"pguide-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    lab:\n      type: powerdns\n      url: {url ?? servers.PowerDns.ApiUrl}\n      api-key: env:{KeyVariable}\n", cancellationToken);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = key ?? servers.PowerDns.ApiKey };
        return await Run(["dns", "record", .. arguments, "--config", config, "--timeout", "5"], environment, cancellationToken);
    }

    private static Task<ProcessResult> Run(string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("dotnet", [s_pguide, .. arguments], TimeSpan.FromSeconds(60), cancellationToken, environment);

    private async Task<List<string>> DigAsync(string name, string type, CancellationToken cancellationToken)
    {
        var dig = await ProcessRunner.RunAsync("dig",
            ["@127.0.0.1", "-p", servers.PowerDns.Port.ToString(CultureInfo.InvariantCulture), name, type, "+short", "+norec"],
            TimeSpan.FromSeconds(30), cancellationToken);
        return [.. dig.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }
}
