using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The real <c>pguide dns query</c> process against real BIND and PowerDNS on 127.0.0.1, checked against dig asking the
/// same servers the same questions. Every query names 127.0.0.1 and a port.
/// </summary>
public sealed class DnsQueryTests(DnsServersFixture servers, ITestOutputHelper output) : IClassFixture<DnsServersFixture>
{
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");

    public static TheoryData<string, string> Questions => new()
    {
        { "www.static.test", "A" },
        { "www.static.test", "AAAA" },
        { "static.test", "MX" },
        { "static.test", "NS" },
        { "static.test", "SOA" },
        { "static.test", "TXT" },
        { "txt.static.test", "TXT" },
        { "static.test", "CAA" },
        { "ftp.static.test", "CNAME" },
        { "_sip._tcp.static.test", "SRV" },
        { "_443._tcp.www.static.test", "TLSA" },
        { "nothing.static.test", "A" },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Short_answers_equal_digs_on_both_servers(string name, string type)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        foreach (var (address, port) in new[] { (servers.Bind.Address, servers.Bind.Port), (servers.PowerDns.Address, servers.PowerDns.Port) })
        {
            var dig = await Run("dig", [$"@{address}", "-p", port.ToString(CultureInfo.InvariantCulture), name, type, "+short", "+norec"], ct);
            var pguide = await Pguide(["dns", "query", name, type, $"@{address}:{port}", "+short", "+norec"], ct);
            Assert.Equal(Normalize(dig.EnsureExitCode().StandardOutput), Normalize(pguide.EnsureExitCode().StandardOutput));
        }
    }

    [Fact]
    public async Task Both_servers_agree_on_static_test_until_one_changes()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        string[] both = [$"@{servers.Bind.Endpoint}", $"@{servers.PowerDns.Endpoint}"];

        var same = await Pguide(["dns", "query", "www.static.test", "A", "AAAA", .. both, "+norec", "--json"], ct);
        using (var json = JsonDocument.Parse(same.EnsureExitCode().StandardOutput))
        {
            Assert.All(json.RootElement.GetProperty("questions").EnumerateArray(), q => Assert.True(q.GetProperty("agree").GetBoolean()));
        }

        // A record only PowerDNS gets (through its API) is the difference the side-by-side view must show.
        await PatchPowerDnsAsync("extra.static.test.", "A", ["192.0.2.99"], ct);
        var differ = await Pguide(["dns", "query", "extra.static.test", .. both, "+norec", "--json"], ct);
        using (var json = JsonDocument.Parse(differ.EnsureExitCode().StandardOutput))
        {
            var question = json.RootElement.GetProperty("questions")[0];
            Assert.False(question.GetProperty("agree").GetBoolean());
            Assert.Equal("NXDOMAIN", question.GetProperty("servers")[0].GetProperty("rcode").GetString());
            Assert.Equal("192.0.2.99", question.GetProperty("servers")[1].GetProperty("answer")[0].GetProperty("data").GetString());
        }

        var table = await Pguide(["dns", "query", "extra.static.test", .. both, "+norec"], ct);
        output.WriteLine(table.StandardOutput);
        Assert.Contains("servers differ", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("missing", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_asked_again_over_tcp_and_tcp_only_works_too()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        foreach (var (endpoint, tcp, transport) in new[]
                 {
                     (servers.Bind.Endpoint, false, "udp+tcp"), (servers.PowerDns.Endpoint, false, "udp+tcp"), (servers.Bind.Endpoint, true, "tcp"),
                 })
        {
            var result = await Pguide(["dns", "query", "big.static.test", "TXT", $"@{endpoint}", "+norec", "--json", .. tcp ? new[] { "+tcp" } : []], ct);
            using var json = JsonDocument.Parse(result.EnsureExitCode().StandardOutput);
            var server = json.RootElement.GetProperty("questions")[0].GetProperty("servers")[0];
            Assert.Equal(transport, server.GetProperty("transport").GetString());
            Assert.True(server.GetProperty("messageSize").GetInt32() > 1232);
            var data = server.GetProperty("answer")[0].GetProperty("data").GetString()!;
            Assert.Equal(string.Join(' ', "ABCDEF".Select(c => $"\"{new string(c, 250)}\"")), data);
        }
    }

    [Theory]
    [InlineData("dyn.test", "DNSKEY")]
    [InlineData("dyn.test", "SOA")]
    [InlineData("www.dyn.test", "A")]
    public async Task Signed_answers_equal_digs(string name, string type)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var dig = await Run("dig", [$"@{servers.Bind.Address}", "-p", servers.Bind.Port.ToString(CultureInfo.InvariantCulture), name, type, "+dnssec", "+short", "+norec"], ct);
        var pguide = await Pguide(["dns", "query", name, type, $"@{servers.Bind.Endpoint}", "+dnssec", "+short", "+norec"], ct);
        Assert.Equal(Normalize(dig.EnsureExitCode().StandardOutput), Normalize(pguide.EnsureExitCode().StandardOutput));
    }

    [Fact]
    public async Task Dnssec_shows_signatures_with_a_validity_window_that_holds_now()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var result = await Pguide(["dns", "query", "dyn.test", "SOA", "DNSKEY", $"@{servers.Bind.Endpoint}", "+dnssec", "+norec", "--json"], ct);

        using var json = JsonDocument.Parse(result.EnsureExitCode().StandardOutput);
        foreach (var question in json.RootElement.GetProperty("questions").EnumerateArray())
        {
            var answer = question.GetProperty("servers")[0].GetProperty("answer");
            var signature = answer.EnumerateArray().Single(r => r.GetProperty("type").GetString() == "RRSIG").GetProperty("signature");
            Assert.Equal(question.GetProperty("type").GetString(), signature.GetProperty("covers").GetString());
            Assert.Equal("dyn.test.", signature.GetProperty("signer").GetString());
            Assert.True(signature.GetProperty("validNow").GetBoolean());
        }

        var unsigned = await Pguide(["dns", "query", "dyn.test", "SOA", $"@{servers.Bind.Endpoint}", "+norec", "--json"], ct);
        Assert.DoesNotContain("RRSIG", unsigned.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverse_lookup_finds_a_ptr_added_with_nsupdate()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var update = $"server 127.0.0.1 {servers.Bind.Port}\nzone 2.0.192.in-addr.arpa\nupdate add 77.2.0.192.in-addr.arpa. 300 IN PTR host77.dyn.test.\nsend\n";
        var script = Path.Combine(Path.GetTempPath(), $"pguide-nsupdate-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(script, update, ct);
        try
        {
            (await Run("nsupdate", ["-k", servers.Bind.KeyFile, script], ct)).EnsureExitCode();
        }
        finally
        {
            File.Delete(script);
        }

        var result = await Pguide(["dns", "query", "-x", "192.0.2.77", $"@{servers.Bind.Endpoint}", "+short"], ct);
        Assert.Equal("host77.dyn.test.", result.EnsureExitCode().StandardOutput.Trim());
    }

    [Fact]
    public async Task Exit_codes_say_nxdomain_and_no_answer_apart()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;

        var nx = await Pguide(["dns", "query", "nothing.static.test", $"@{servers.PowerDns.Endpoint}", "--fail-on-error"], ct);
        Assert.Equal(1, nx.ExitCode);
        Assert.Contains("NXDOMAIN", nx.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, (await Pguide(["dns", "query", "nothing.static.test", $"@{servers.PowerDns.Endpoint}"], ct)).ExitCode);

        // A port nothing listens on any more: no server answers.
        var closed = ClosedPort();
        var silent = await Pguide(["dns", "query", "www.static.test", $"@127.0.0.1:{closed}", "+tries=1", "+timeout=1"], ct);
        Assert.Equal(3, silent.ExitCode);
        Assert.Contains("no answer", silent.StandardOutput, StringComparison.Ordinal);

        var mixed = await Pguide(["dns", "query", "www.static.test", $"@127.0.0.1:{closed}", $"@{servers.Bind.Endpoint}", "+tries=1", "+timeout=1"], ct);
        Assert.Equal(0, mixed.ExitCode);
        Assert.Contains("servers differ", mixed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_file_gives_what_dig_f_gives()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var names = Path.Combine(Path.GetTempPath(), $"pguide-names-{Guid.NewGuid():N}.txt");
        var lines = Enumerable.Range(0, 300).Select(i => (i % 3) switch
        {
            0 => "www.static.test A",
            1 => "static.test MX",
            _ => "txt.static.test TXT",
        });
        await File.WriteAllLinesAsync(names, lines, ct);
        try
        {
            var dig = await Run("dig", [$"@{servers.Bind.Address}", "-p", servers.Bind.Port.ToString(CultureInfo.InvariantCulture), "-f", names, "+short", "+norec"], ct);
            var pguide = await Pguide(["dns", "query", "-f", names, $"@{servers.Bind.Endpoint}", "+short", "+norec"], ct);
            var expected = dig.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var actual = pguide.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(500, expected.Length); // 100 × 2 A + 100 × 2 MX + 100 × 1 TXT
            Assert.Equal(expected.Select(NormalizeLine).Order(StringComparer.Ordinal), actual.Select(NormalizeLine).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(names);
        }
    }

    private async Task PatchPowerDnsAsync(string name, string type, string[] contents, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var body = JsonSerializer.Serialize(new
        {
            rrsets = new[]
            {
                new { name, type, ttl = 300, changetype = "REPLACE", records = contents.Select(c => new { content = c, disabled = false }).ToArray() },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{servers.PowerDns.ApiUrl}/zones/static.test.")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-API-Key", servers.PowerDns.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PowerDNS PATCH: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>A UDP port on 127.0.0.1 that was free a moment ago (bound, then closed).</summary>
    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private static List<string> Normalize(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NormalizeLine).Order(StringComparer.Ordinal)];

    /// <summary>dig and DnsClient agree on the data but not always on case and spacing (TLSA hex, CAA).</summary>
    private static string NormalizeLine(string line) => string.Concat(line.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static Task<ProcessResult> Pguide(string[] arguments, CancellationToken cancellationToken) =>
        Run("dotnet", [s_pguide, .. arguments], cancellationToken);

    private static Task<ProcessResult> Run(string program, string[] arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(program, arguments, TimeSpan.FromSeconds(60), cancellationToken);
}
