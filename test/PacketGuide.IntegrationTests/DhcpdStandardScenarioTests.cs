using PacketGuide.Dhcp;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests;

/// <summary>
/// ISC dhcpd in the netns/veth bed, driven by the standard scenario of pguide-dhcp-client from the client namespace;
/// its bare <c>-d</c> stderr log logs every message, so every kind must equal what the client did.
/// </summary>
public sealed class DhcpdStandardScenarioTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Stderr_log_counts_match_everything_the_client_did()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "dhcpd");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("dh"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("dh", ct));
        var dhcpd = _cleanup.Add("stop dhcpd", new DhcpdServer(work));
        await dhcpd.StartAsync(bed.Prefix, ct);

        // dhcpd sends relayed replies to giaddr:67 and an INFORM's ACK to ciaddr (= the relay address here):68.
        var client = await DhcpTestClientRunner.RunStandardScenarioAsync(
            bed.ClientNamespace,
            ["--server", DhcpdServer.ServerEndpoint, "--relay", DhcpdServer.Relay1, "--relay2", DhcpdServer.Relay2,
                "--port", "67", "--client-port", "68"],
            work.File("counts.json"),
            work.File("client.log"),
            ct);
        await dhcpd.StopAsync(ct);
        Assert.Equal(ClientCounts.StandardScenario, client);

        var log = await DhcpLogs.SummarizeAsync(dhcpd.LogPath, ct);
        new CountCheck($"dhcpd -d log {dhcpd.LogPath}")
            .ExpectEveryKind(client, log)
            .AssertAll(log);

        // dhcpd.leases is a journal too (last block per address wins): active, free (released) or abandoned (declined).
        var leases = await DhcpLogs.SummarizeAsync(dhcpd.LeasesPath, ct);
        new CountCheck($"dhcpd lease file {dhcpd.LeasesPath}")
            .ExpectFinalLeaseStates(client, leases)
            .AssertAll(leases);
    }
}
