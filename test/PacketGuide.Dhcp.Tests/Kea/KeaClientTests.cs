using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Dhcp.Kea;

namespace PacketGuide.Dhcp.Tests.Kea;

/// <summary>The Kea client against real answers saved from Kea 2.2 (test/data/kea-api), through a fake transport.</summary>
public sealed class KeaClientTests
{
    private const string Password = "pw-Never-Shown-7f3a";

    private static string Fixture(string name) => File.ReadAllText(TestData.PathOf(Path.Combine("kea-api", name)));

    private static KeaControlClient Client(string answer, bool agent = false, KeaService service = KeaService.Dhcp4, List<string>? trace = null) =>
        new(new KeaClientOptions { SocketPath = "/test.sock", Service = service, Trace = trace is null ? null : trace.Add },
            new FakeTransport(Encoding.UTF8.GetBytes(answer), agent));

    [Fact]
    public async Task Status_from_the_socket_and_from_the_agent()
    {
        using var socket = Client(Fixture("socket-status-get.json"));
        using var agent = Client(Fixture("agent-status-get.json"), agent: true);

        var s = await socket.GetStatusAsync(TestContext.Current.CancellationToken);
        var a = await agent.GetStatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal("ready", s.SocketsStatus);
        Assert.Equal("ready", a.SocketsStatus);
        Assert.False(s.MultiThreadingEnabled);
        Assert.True(s.Pid > 0 && s.UptimeSeconds >= 0 && s.ReloadSeconds >= 0);
    }

    [Fact]
    public async Task Lease_statistics_are_per_subnet_rows()
    {
        using var client = Client(Fixture("agent-stat-lease4-get.json"), agent: true);

        var rows = await client.GetLeaseStatisticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new KeaSubnetLeaseStats(1, 763, 5, 0, 5, null, null), rows[0]);
        Assert.Equal(new KeaSubnetLeaseStats(2, 3, 0, 0, 0, null, null), rows[1]);
        Assert.Equal(5.0 / 763, rows[0].Utilization, 9);
    }

    [Fact]
    public async Task Leases_are_typed_and_result_3_is_an_empty_list()
    {
        using var all = Client(Fixture("socket-lease4-get-all.json"));
        using var none = Client(Fixture("socket-lease4-get-all-empty.json"));

        var leases = await all.GetLeasesAsync(TestContext.Current.CancellationToken);
        var empty = await none.GetLeasesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, leases.Leases.Count);
        Assert.Equal(0, leases.Malformed);
        var first = leases.Leases.Single(l => l.Address.Equals(IPAddress.Parse("10.77.1.0")));
        Assert.Equal(1, first.SubnetId);
        Assert.Equal(3600, first.ValidLifetime);
        Assert.Equal("02:00:00:00:09:01", first.HwAddress);
        Assert.Equal(first.Cltt + 3600, first.Expires.ToUnixTimeSeconds());
        Assert.Empty(empty.Leases);
    }

    [Fact]
    public async Task Statistics_have_the_newest_sample()
    {
        using var client = Client(Fixture("socket-statistic-get-all.json"));

        var stats = await client.GetStatisticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, stats.CountOf("pkt4-ack-sent"));
        Assert.Equal(763, stats.CountOf("subnet[1].total-addresses"));
        Assert.Equal(5, stats.CountOf("subnet[1].assigned-addresses"));
        Assert.NotNull(stats.ByName["pkt4-received"].Timestamp);
    }

    [Fact]
    public async Task Config_exposes_arguments_and_subnets()
    {
        using var client = Client(Fixture("socket-config-get.json"));

        using var config = await client.GetConfigAsync(TestContext.Current.CancellationToken);

        Assert.True(config.Arguments.TryGetProperty("Dhcp4", out _));
        Assert.Equal(["10.77.0.0/22", "10.78.0.0/24"], config.Subnets.Select(s => s.Prefix));
        Assert.Equal("10.77.1.0-10.77.3.250", Assert.Single(config.Subnets[0].Pools));
    }

    [Fact]
    public async Task Result_2_names_the_hook_library()
    {
        using var client = Client(Fixture("socket-lease4-get-all-no-hook.json"));

        var ex = await Assert.ThrowsAsync<KeaCommandException>(() => client.GetLeasesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(2, ex.Result);
        Assert.Equal("libdhcp_lease_cmds.so", ex.HookLibrary);
        Assert.Contains("libdhcp_lease_cmds.so", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/test.sock", ex.Message, StringComparison.Ordinal);
        Assert.Equal("libdhcp_stat_cmds.so", KeaResultCodes.HookLibraryFor("stat-lease6-get"));
        Assert.Null(KeaResultCodes.HookLibraryFor("status-get"));
    }

    [Fact]
    public async Task Result_1_and_3_where_nothing_is_not_an_answer_are_errors()
    {
        using var error = Client(Fixture("socket-result1-error.json"));
        using var empty = Client("""{ "result": 3, "text": "nothing" }""");
        using var noSocket = Client(Fixture("agent-no-dhcp6-socket.json"), agent: true, service: KeaService.Dhcp6);

        var e1 = await Assert.ThrowsAsync<KeaCommandException>(() => error.GetStatusAsync(TestContext.Current.CancellationToken));
        var e3 = await Assert.ThrowsAsync<KeaCommandException>(() => empty.GetStatusAsync(TestContext.Current.CancellationToken));
        var e6 = await Assert.ThrowsAsync<KeaCommandException>(() => noSocket.GetStatusAsync(TestContext.Current.CancellationToken));

        Assert.Equal((1, 3), (e1.Result, e3.Result));
        Assert.Contains("control-sockets", e6.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("socket-lease4-get-all.json", 300, "truncated")]
    [InlineData("socket-lease4-get-all.json", 1, "truncated")]
    [InlineData(null, 0, "not valid JSON")]
    public async Task Malformed_and_truncated_answers_are_protocol_errors(string? fixture, int keep, string expected)
    {
        var answer = fixture is null ? "<html>502 Bad Gateway</html>" : Fixture(fixture)[..keep];
        using var client = Client(answer);

        var ex = await Assert.ThrowsAsync<KeaProtocolException>(() => client.GetLeasesAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("/test.sock", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "text": "no result" }""")]
    [InlineData("""[]""")]
    [InlineData("""{ "result": 0, "arguments": { "leases": 5 } }""")]
    [InlineData("""{ "result": 0, "arguments": { "result-set": { "columns": [ "subnet-id" ], "rows": [] } } }""")]
    public async Task Json_that_is_not_a_Kea_answer_is_a_protocol_error(string answer)
    {
        using var client = Client(answer);

        await Assert.ThrowsAsync<KeaProtocolException>(async () =>
        {
            await client.GetLeasesAsync(TestContext.Current.CancellationToken);
            await client.GetLeaseStatisticsAsync(TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task Huge_values_are_exact()
    {
        const string answer = """
            { "arguments": { "result-set": { "columns": [ "subnet-id", "total-nas", "cumulative-assigned-nas", "assigned-nas", "declined-nas", "total-pds", "assigned-pds" ],
              "rows": [ [ 7, 18446744073709551616, 3, 2, 1, 340282366920938463463374607431768211456, 0 ] ] } },
              "result": 0 }
            """;
        const string stats = """{ "arguments": { "subnet[7].total-nas": [ [ 99999999999999999999999, "2026-11-26 16:00:00.000000" ] ], "f": [ [ 1.5, "t" ] ] }, "result": 0 }""";
        using var client = Client(answer, service: KeaService.Dhcp6);
        using var statsClient = Client(stats);

        var row = Assert.Single(await client.GetLeaseStatisticsAsync(TestContext.Current.CancellationToken));
        var all = await statsClient.GetStatisticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(BigInteger.Pow(2, 64), row.TotalAddresses);
        Assert.Equal(BigInteger.Pow(2, 128), row.TotalPrefixes);
        Assert.True(row.Utilization is > 0 and < 1e-18);
        Assert.Equal(BigInteger.Parse("99999999999999999999999", System.Globalization.CultureInfo.InvariantCulture), all.CountOf("subnet[7].total-nas"));
        Assert.Null(all.ByName["subnet[7].total-nas"].Value);
        Assert.Equal(1.5, all.ByName["f"].Real);
    }

    [Fact]
    public async Task Malformed_lease_entries_are_counted_not_fatal()
    {
        using var client = Client("""{ "arguments": { "leases": [ { "ip-address": "10.0.0.1", "subnet-id": 1 }, { "ip-address": "nope" }, 7 ] }, "result": 0 }""");

        var list = await client.GetLeasesAsync(TestContext.Current.CancellationToken);

        Assert.Single(list.Leases);
        Assert.Equal(2, list.Malformed);
    }

    [Fact]
    public void Requests_carry_the_service_only_for_the_agent()
    {
        var agent = Encoding.UTF8.GetString(KeaControlClient.BuildRequest("lease6-get-all", KeaService.Dhcp6, null).Span);
        var socket = Encoding.UTF8.GetString(KeaControlClient.BuildRequest("status-get", null, null).Span);

        Assert.Equal("""{"command":"lease6-get-all","service":["dhcp6"]}""", agent);
        Assert.Equal("""{"command":"status-get"}""", socket);
    }

    [Fact]
    public async Task A_silent_server_times_out_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        using var client = new KeaControlClient(new KeaClientOptions { SocketPath = "/slow.sock", Timeout = TimeSpan.FromSeconds(5), TimeProvider = time },
            new FakeTransport(null, agent: false));

        var call = client.GetStatusAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(6));
        var ex = await Assert.ThrowsAsync<KeaTimeoutException>(() => call);

        Assert.Contains("/test.sock", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_socket_is_unreachable_and_says_so()
    {
        var path = TestData.Temp("missing.sock");
        using var client = new KeaControlClient(new KeaClientOptions { SocketPath = path });

        var ex = await Assert.ThrowsAsync<KeaUnreachableException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_unix_socket_round_trip()
    {
        var path = TestData.Temp("k.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var ct = TestContext.Current.CancellationToken;
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync(ct);
            var buffer = new byte[4096];
            var n = await peer.ReceiveAsync(buffer, SocketFlags.None, ct);
            var request = Encoding.UTF8.GetString(buffer, 0, n);
            await peer.SendAsync(Encoding.UTF8.GetBytes(Fixture("socket-status-get.json")), SocketFlags.None, ct);
            peer.Shutdown(SocketShutdown.Both);
            return request;
        }, ct);
        using var client = new KeaControlClient(new KeaClientOptions { SocketPath = path });

        var status = await client.GetStatusAsync(ct);

        Assert.Equal("ready", status.SocketsStatus);
        Assert.Equal("""{"command":"status-get"}""", await server);
    }

    [Fact]
    public async Task The_password_never_appears_in_messages_or_traces()
    {
        var file = TestData.Temp("pw");
        await File.WriteAllTextAsync(file, Password + "\n", TestContext.Current.CancellationToken);
        var credentials = KeaCredentials.FromFile("admin", file);
        var trace = new List<string>();
        var messages = new List<string>();

        // 401 from a real agent answer, through the real HTTP transport against a loopback listener.
        using var listener = new HttpListenerStub(Fixture("agent-401.json"), 401);
        using (var client = new KeaControlClient(new KeaClientOptions
               {
                   AgentUrl = listener.Url, Credentials = credentials, Trace = trace.Add,
               }))
        {
            var ex = await Assert.ThrowsAsync<KeaAuthenticationException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));
            messages.Add(ex.ToString());
            Assert.Contains(listener.Url.ToString(), ex.Message, StringComparison.Ordinal);
            Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)), listener.LastAuthorization);

        // Nothing listening, a URL with user info, a password file that is missing.
        using (var client = new KeaControlClient(new KeaClientOptions { AgentUrl = new Uri("http://127.0.0.1:9/"), Credentials = credentials, Trace = trace.Add }))
        {
            messages.Add((await Assert.ThrowsAsync<KeaUnreachableException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken))).ToString());
        }

        messages.Add(Assert.Throws<KeaConfigurationException>(() =>
            new KeaControlClient(new KeaClientOptions { AgentUrl = new Uri($"http://admin:{Password}@127.0.0.1:9/") })).ToString());
        messages.Add(Assert.Throws<KeaConfigurationException>(() => KeaCredentials.FromEnvironment("admin", "PGUIDE_TEST_UNSET_" + Guid.NewGuid().ToString("N"))).ToString());
        messages.Add(credentials.ToString());

        Assert.NotEmpty(trace);
        foreach (var text in messages.Concat(trace))
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)), text, StringComparison.Ordinal);
        }
    }

    private sealed class FakeTransport(byte[]? answer, bool agent) : IKeaTransport
    {
        public string Target => "/test.sock";

        public bool IsAgent => agent;

        public async Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, string command, CancellationToken cancellationToken)
        {
            if (answer is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return answer;
        }

        public void Dispose()
        {
        }
    }
}
