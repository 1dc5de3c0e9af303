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
            .Expect("discover", client.Discover, log.ByKind[DhcpMessageKind.Discover])
            .Expect("offer", client.Offer, log.ByKind[DhcpMessageKind.Offer])
            .Expect("request", client.Request, log.ByKind[DhcpMessageKind.Request])
            .Expect("ack (incl. INFORM ACKs)", client.Ack, log.ByKind[DhcpMessageKind.Ack])
            .Expect("nak", client.Nak, log.ByKind[DhcpMessageKind.Nak])
            .Expect("release", client.Release, log.ByKind[DhcpMessageKind.Release])
            .Expect("decline", client.Decline, log.ByKind[DhcpMessageKind.Decline])
            .Expect("inform", client.Inform, log.ByKind[DhcpMessageKind.Inform])
            .Expect("allocation-failed (kind)", client.AllocationFailed, log.ByKind[DhcpMessageKind.AllocationFailed])
            .Expect("AllocationFailureCount", client.AllocationFailed, log.AllocationFailureCount)
            .Expect("clients (distinct MACs)", client.Clients, log.Clients)
            .Expect("unparsed", 0, log.UnparsedTotal)
            .AssertAll(log);

        // dhcpd.leases is a journal too (last block per address wins): active, free (released) or abandoned (declined).
        var leases = await DhcpLogs.SummarizeAsync(dhcpd.LeasesPath, ct);
        new CountCheck($"dhcpd lease file {dhcpd.LeasesPath}")
            .Expect("ack (active leases)", client.LeaseAcks - client.Release - client.Decline, leases.ByKind[DhcpMessageKind.Ack])
            .Expect("release", client.Release, leases.ByKind[DhcpMessageKind.Release])
            .Expect("decline", client.Decline, leases.ByKind[DhcpMessageKind.Decline])
            .Expect("leases (all kinds)", client.LeaseAcks, leases.ByKind.Total)
            .Expect("unparsed", 0, leases.UnparsedTotal)
            .AssertAll(leases);
    }
}
