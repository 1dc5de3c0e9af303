using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// serve.dhcp.kea against a real kea-dhcp4 (lease_cmds hook) on loopback in an isolated namespace: leases the logs never
/// showed (the service followed no log while the clients got them) arrive through reconciliation; Kea going away is
/// reported, not fatal.
/// </summary>
public sealed class KeaReconcileTests : IAsyncDisposable
{
    private const int Clients = 5;
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Leases_only_Kea_knows_reach_the_store_and_an_outage_is_reported()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent");
        var ct = TestContext.Current.CancellationToken;
        var work = _cleanup.Add("delete Kea work directory", TestWorkDirectory.Create("kea-rec"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateIsolatedAsync("krc", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartOnLoopbackAsync(bed.IsolatedNamespace, debug: false, ct);
        var client = await DhcpTestClientRunner.RunDoraAsync(bed.IsolatedNamespace,
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay1, "--relay2", kea.Relay2, "--port", kea.ClientPort], Clients, work.File("counts.json"), ct);
        Assert.Equal(Clients, client.Ack);

        var serveWork = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("kea-rec-serve"));
        var host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(serveWork, o => o with
        {
            Dhcp = o.Dhcp with { Config = kea.ConfigPath, Kea = new KeaSourceOptions { Socket = kea.ControlSocket, ReconcileEvery = TimeSpan.FromSeconds(1) } },
        }, ct));
        using var api = host.Client(await host.CreateKeyAsync(ApiScope.Read, ct));

        await ServeTestHost.EventuallyAsync(async () => Items(await api.GetStringAsync("/api/v1/leases", ct)).GetArrayLength() == Clients, $"{Clients} leases from Kea", ct);
        var servers = JsonDocument.Parse(await api.GetStringAsync("/api/v1/servers", ct)).RootElement;
        var keaApi = servers.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "kea-api");
        Assert.Equal((kea.ControlSocket, "up"), (keaApi.GetProperty("name").GetString(), keaApi.GetProperty("status").GetString()));
        var metrics = await api.GetStringAsync("/metrics", ct);
        Assert.Contains("pguide_kea_up 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"pguide_dhcp_addresses_assigned{{subnet=\"10.77.0.0/22\",subnet_id=\"1\"}} {Clients}", metrics, StringComparison.Ordinal);

        await kea.StopAsync(ct);
        await ServeTestHost.EventuallyAsync(async () => (await api.GetStringAsync("/metrics", ct)).Contains("pguide_kea_up 0", StringComparison.Ordinal), "Kea reported down", ct);
        keaApi = JsonDocument.Parse(await api.GetStringAsync("/api/v1/servers", ct)).RootElement.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "kea-api");
        Assert.Equal("down", keaApi.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(keaApi.GetProperty("error").GetString()));
        Assert.Equal(Clients, Items(await api.GetStringAsync("/api/v1/leases", ct)).GetArrayLength());
        using var ready = await api.GetAsync("/readyz", ct);
        Assert.True(ready.IsSuccessStatusCode);
    }

    private static JsonElement Items(string page) => JsonDocument.Parse(page).RootElement.GetProperty("items").Clone();
}
