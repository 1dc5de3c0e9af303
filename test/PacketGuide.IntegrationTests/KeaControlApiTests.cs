using System.Globalization;
using System.Net;
using System.Text.Json;
using PacketGuide.Dhcp.Kea;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests;

/// <summary>
/// <c>PacketGuide.Dhcp.Kea</c> and <c>pguide dhcp kea</c> against a real kea-dhcp4 (lease_cmds + stat_cmds hooks) and a
/// real kea-ctrl-agent with basic auth and mutual TLS (a CA made with openssl here), both on 127.0.0.1 inside a
/// namespace that has only <c>lo</c>. Leases come from pguide-dhcp-client (relay DORAs) in the same namespace.
/// The agent is reached in-process through sockets created in the namespace, and by running pguide there.
/// </summary>
public sealed class KeaControlApiTests : IAsyncDisposable
{
    private const int Clients = 7;
    private const int AgentPort = 18443;
    private const string User = "pguide-ops";
    private const string Password = "Kea-Test-Pw-91c2";

    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Agent_with_basic_auth_and_mutual_TLS_and_the_socket_report_what_the_client_got()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "openssl", "kea-dhcp4", "kea-ctrl-agent");
        var ct = TestContext.Current.CancellationToken;
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("tka"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateIsolatedAsync("tka", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartOnLoopbackAsync(bed.IsolatedNamespace, debug: false, ct);
        var tls = await MakeCertificatesAsync(work, ct);
        await StartAgentAsync(work, bed, kea.ControlSocket, ct);

        var client = await DhcpTestClientRunner.RunDoraAsync(bed.IsolatedNamespace,
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay1, "--relay2", kea.Relay2, "--port", kea.ClientPort], Clients,
            work.File("counts.json"), ct);
        Assert.Equal(Clients, client.Ack);

        var url = new Uri($"https://127.0.0.1:{AgentPort}/");
        var agentOptions = new KeaClientOptions
        {
            AgentUrl = url,
            Credentials = KeaCredentials.Create(User, Password),
            CaCertificatePath = tls.Ca,
            ClientCertificatePath = tls.ClientCert,
            ClientKeyPath = tls.ClientKey,
            ConnectCallback = NetnsSocket.ConnectIn(bed.IsolatedNamespace),
        };
        using var agent = new KeaControlClient(agentOptions);
        using var socket = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket });

        foreach (var c in new[] { agent, socket })
        {
            var status = await c.GetStatusAsync(ct);
            Assert.Equal("ready", status.SocketsStatus);

            var subnets = await c.GetLeaseStatisticsAsync(ct);
            Assert.Equal([1L, 2L], subnets.Select(s => s.SubnetId));
            Assert.Equal(Clients, (int)subnets[0].AssignedAddresses);
            Assert.Equal(763, (int)subnets[0].TotalAddresses);
            Assert.Equal(0, (int)subnets[1].AssignedAddresses);

            var leases = await c.GetLeasesAsync(ct);
            Assert.Equal(Clients, leases.Leases.Count);
            Assert.All(leases.Leases, l => Assert.True(l.SubnetId == 1 && l.ValidLifetime == 3600 && l.HwAddress is not null));
            Assert.Equal(Clients, leases.Leases.Select(l => l.Address).Distinct().Count());

            var statistics = await c.GetStatisticsAsync(ct);
            Assert.Equal(Clients, (int)statistics.CountOf("pkt4-ack-sent")!.Value);
            Assert.Equal(Clients, (int)statistics.CountOf("subnet[1].assigned-addresses")!.Value);

            using var config = await c.GetConfigAsync(ct);
            Assert.Equal(["10.77.0.0/22", "10.78.0.0/24"], config.Subnets.Select(s => s.Prefix));
            Assert.Equal(kea.ControlSocket, config.Server.GetProperty("control-socket").GetProperty("socket-name").GetString());
        }

        // A wrong password: 401, named with the URL, no password in the message.
        using (var wrong = new KeaControlClient(agentOptions with { Credentials = KeaCredentials.Create(User, "not-" + Password) }))
        {
            var ex = await Assert.ThrowsAsync<KeaAuthenticationException>(() => wrong.GetStatusAsync(ct));
            Assert.Equal(401, ex.StatusCode);
            Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        }

        // cert-required: no client certificate is a TLS failure; so is a server certificate from a CA we do not trust.
        using (var noCert = new KeaControlClient(agentOptions with { ClientCertificatePath = null, ClientKeyPath = null }))
        {
            var ex = await Assert.ThrowsAsync<KeaTlsException>(() => noCert.GetStatusAsync(ct));
            Assert.Contains("--client-cert", ex.Message, StringComparison.Ordinal);
        }

        using (var otherCa = new KeaControlClient(agentOptions with { CaCertificatePath = tls.OtherCa }))
        {
            var ex = await Assert.ThrowsAsync<KeaTlsException>(() => otherCa.GetStatusAsync(ct));
            Assert.Contains("not signed by the CA", ex.Message, StringComparison.Ordinal);
        }

        await CliEndToEndAsync(work, bed, url, tls, ct);
    }

    [Fact]
    public async Task Without_the_hook_libraries_the_error_names_the_missing_hook()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent");
        var ct = TestContext.Current.CancellationToken;
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("tkn"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateIsolatedAsync("tkn", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartOnLoopbackAsync(bed.IsolatedNamespace, debug: false, hooks: false, ct);
        using var client = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket });

        Assert.Equal("ready", (await client.GetStatusAsync(ct)).SocketsStatus);
        var leases = await Assert.ThrowsAsync<KeaCommandException>(() => client.GetLeasesAsync(ct));
        var stats = await Assert.ThrowsAsync<KeaCommandException>(() => client.GetLeaseStatisticsAsync(ct));

        Assert.Equal((2, "libdhcp_lease_cmds.so"), (leases.Result, leases.HookLibrary));
        Assert.Equal((2, "libdhcp_stat_cmds.so"), (stats.Result, stats.HookLibrary));
        Assert.Contains("hooks-libraries", leases.Message, StringComparison.Ordinal);
        Assert.Contains(kea.ControlSocket, stats.Message, StringComparison.Ordinal);

        var cli = await DhcpTestClientRunner.RunDotnetAsync(bed.IsolatedNamespace, "pguide.dll",
            ["dhcp", "kea", "leases", "--socket", kea.ControlSocket], ct);
        Assert.Equal(3, cli.ExitCode);
        Assert.Contains("libdhcp_lease_cmds.so", cli.StandardError, StringComparison.Ordinal);
    }

    private static async Task CliEndToEndAsync(TestWorkDirectory work, NetnsBed bed, Uri url, Certificates tls, CancellationToken ct)
    {
        var passwordFile = work.File("password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", ct);
        string[] connection = ["--url", url.ToString(), "--user", User, "--password-file", passwordFile, "--ca-cert", tls.Ca,
            "--client-cert", tls.ClientCert, "--client-key", tls.ClientKey];

        var stats = await DhcpTestClientRunner.RunDotnetAsync(bed.IsolatedNamespace, "pguide.dll", ["dhcp", "kea", "stats", "--json", .. connection], ct);
        Assert.True(stats.ExitCode == 0, stats.StandardError);
        using (var json = JsonDocument.Parse(stats.StandardOutput))
        {
            var subnet1 = json.RootElement.GetProperty("subnets")[0];
            Assert.Equal(Clients, subnet1.GetProperty("assignedAddresses").GetInt32());
            Assert.Equal(Clients, json.RootElement.GetProperty("statistics").GetProperty("pkt4-ack-sent").GetInt32());
        }

        var table = await DhcpTestClientRunner.RunDotnetAsync(bed.IsolatedNamespace, "pguide.dll", ["dhcp", "kea", "leases", .. connection], ct);
        Assert.True(table.ExitCode == 0, table.StandardError);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Clients} leases"), table.StandardOutput, StringComparison.Ordinal);

        await File.WriteAllTextAsync(passwordFile, "wrong\n", ct);
        var refused = await DhcpTestClientRunner.RunDotnetAsync(bed.IsolatedNamespace, "pguide.dll", ["dhcp", "kea", "status", .. connection], ct);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("401", refused.StandardError, StringComparison.Ordinal);

        var usage = await DhcpTestClientRunner.RunDotnetAsync(bed.IsolatedNamespace, "pguide.dll",
            ["dhcp", "kea", "status", "--url", url.ToString(), "--socket", "/x.sock"], ct);
        Assert.Equal(2, usage.ExitCode);
    }

    private sealed record Certificates(string Ca, string ServerCert, string ServerKey, string ClientCert, string ClientKey, string OtherCa);

    /// <summary>A private CA, a server certificate for IP 127.0.0.1, a client certificate, and an unrelated second CA.</summary>
    private static async Task<Certificates> MakeCertificatesAsync(TestWorkDirectory work, CancellationToken ct)
    {
        var c = new Certificates(work.File("ca.pem"), work.File("srv.pem"), work.File("srv.key"), work.File("cli.pem"), work.File("cli.key"),
            work.File("other-ca.pem"));
        await File.WriteAllTextAsync(work.File("srv.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n", ct);
        await File.WriteAllTextAsync(work.File("cli.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n", ct);
        string[][] steps =
        [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.File("ca.key"), "-out", c.Ca, "-days", "2", "-subj", "/CN=pguide test CA"],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.File("other-ca.key"), "-out", c.OtherCa, "-days", "2", "-subj", "/CN=other CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", c.ServerKey, "-out", work.File("srv.csr"), "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", work.File("srv.csr"), "-CA", c.Ca, "-CAkey", work.File("ca.key"), "-CAcreateserial", "-out", c.ServerCert,
                "-days", "2", "-extfile", work.File("srv.ext")],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", c.ClientKey, "-out", work.File("cli.csr"), "-subj", "/CN=pguide-client"],
            ["x509", "-req", "-in", work.File("cli.csr"), "-CA", c.Ca, "-CAkey", work.File("ca.key"), "-CAcreateserial", "-out", c.ClientCert,
                "-days", "2", "-extfile", work.File("cli.ext")],
        ];
        foreach (var step in steps)
        {
            (await ProcessRunner.RunAsync("openssl", step, TimeSpan.FromSeconds(60), ct)).EnsureExitCode();
        }

        return c;
    }

    private async Task StartAgentAsync(TestWorkDirectory work, NetnsBed bed, string controlSocket, CancellationToken ct)
    {
        var tls = (Ca: work.File("ca.pem"), Cert: work.File("srv.pem"), Key: work.File("srv.key"));
        var config = $$"""
            { "Control-agent": {
                "http-host": "127.0.0.1", "http-port": {{AgentPort}},
                "trust-anchor": "{{tls.Ca}}", "cert-file": "{{tls.Cert}}", "key-file": "{{tls.Key}}", "cert-required": true,
                "authentication": { "type": "basic", "realm": "pguide-test", "clients": [ { "user": "{{User}}", "password": "{{Password}}" } ] },
                "control-sockets": { "dhcp4": { "socket-type": "unix", "socket-name": "{{controlSocket}}" } },
                "loggers": [ { "name": "kea-ctrl-agent", "output_options": [ { "output": "{{work.File("kea-ca-extra.log")}}" } ], "severity": "INFO" } ] } }
            """;
        var path = work.File("kea-ca-extra.conf");
        await File.WriteAllTextAsync(path, config, ct);
        _cleanup.Add("stop the extra agent", async () => await ServiceScript.RunAsync("kea-ca.sh", ["stop", work.Path], CancellationToken.None));
        await ServiceScript.RunAsync("kea-ca.sh", ["start", work.Path, path, AgentPort.ToString(CultureInfo.InvariantCulture)], ct, bed.IsolatedNamespace);
    }
}
