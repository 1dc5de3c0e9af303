using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests;

/// <summary>
/// Kea DHCPv4 on loopback, inside a namespace that has only <c>lo</c>, driven by the standard scenario of
/// pguide-dhcp-client; then its log (INFO or DEBUG/45) and its memfile lease file are parsed with the library and
/// compared with what the client did.
/// </summary>
public sealed class KeaDhcp4StandardScenarioTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Info_log_counts_match_what_Kea_logs_at_info()
    {
        var run = await RunStandardScenarioAsync("k4i", debug: false);

        // At INFO Kea logs no DISCOVER, no plain REQUEST, no INFORM, no NAK, and no lease line for an INFORM's ACK.
        // What it does log: one DHCP4_LEASE_ADVERT per OFFER, one DHCP4_LEASE_ALLOC per lease ACK, DHCP4_RELEASE,
        // DHCP4_DECLINE_LEASE, one allocation failure (as three WARN lines), and DHCP4_INIT_REBOOT per INIT-REBOOT REQUEST.
        var client = run.Client;
        var log = run.Log;
        new CountCheck($"Kea INFO log {run.LogPath}")
            .Expect("offer", client.Offer, log.ByKind[DhcpMessageKind.Offer])
            .Expect("ack (lease ACKs, no INFORM)", client.LeaseAcks, log.ByKind[DhcpMessageKind.Ack])
            .Expect("request (INIT-REBOOT only)", client.InitRebootRequests, log.ByKind[DhcpMessageKind.Request])
            .Expect("release", client.Release, log.ByKind[DhcpMessageKind.Release])
            .Expect("decline", client.Decline, log.ByKind[DhcpMessageKind.Decline])
            .Expect("allocation-failed (kind)", client.AllocationFailed, log.ByKind[DhcpMessageKind.AllocationFailed])
            .Expect("AllocationFailureCount", client.AllocationFailed, log.AllocationFailureCount)
            .Expect("unparsed", 0, log.UnparsedTotal)
            .AssertAll(log);
        AssertLeaseFile(run);
    }

    [Fact]
    public async Task Debug45_log_counts_match_everything_the_client_did()
    {
        var run = await RunStandardScenarioAsync("k4d", debug: true);

        // At DEBUG/45 every message is visible (DHCP4_PACKET_RECEIVED / DHCP4_PACKET_SEND), so every kind must match.
        var client = run.Client;
        var log = run.Log;
        new CountCheck($"Kea DEBUG 45 log {run.LogPath}")
            .ExpectEveryKind(client, log)
            .AssertAll(log);
        AssertLeaseFile(run);
    }

    /// <summary>
    /// kea-leases4.csv is a journal (lfc-interval 0); the last row per address is its final state: every bound lease is
    /// there once, as released, declined, or still active.
    /// </summary>
    private static void AssertLeaseFile(ScenarioRun run)
    {
        var client = run.Client;
        var leases = run.Leases;
        new CountCheck($"Kea lease file {run.LeasesPath}")
            .ExpectFinalLeaseStates(client, leases)
            .AssertAll(leases);
    }

    private async Task<ScenarioRun> RunStandardScenarioAsync(string tag, bool debug)
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create(tag));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateIsolatedAsync(tag, ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartOnLoopbackAsync(bed.IsolatedNamespace, debug, ct);

        // INFORM ciaddr = the relay address (the client does that): Kea unicasts the ACK to ciaddr.
        var client = await DhcpTestClientRunner.RunStandardScenarioAsync(
            bed.IsolatedNamespace,
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay1, "--relay2", kea.Relay2, "--port", kea.ClientPort],
            work.File("counts.json"),
            work.File("client.log"),
            ct);

        // Stopping flushes and closes the log and the lease file.
        await kea.StopAsync(ct);

        // The scenario must have run as documented, or the comparisons below would prove little.
        Assert.Equal(ClientCounts.StandardScenario, client);

        var log = await DhcpLogs.SummarizeAsync(kea.LogPath, ct);
        var leases = await DhcpLogs.SummarizeAsync(kea.LeasesPath, ct);
        return new ScenarioRun(client, kea.LogPath, log, kea.LeasesPath, leases);
    }
}
