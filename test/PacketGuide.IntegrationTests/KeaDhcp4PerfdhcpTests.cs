using PacketGuide.Dhcp;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests;

/// <summary>
/// perfdhcp -4 (a relay agent at 10.77.0.2 in the client namespace) against Kea DHCPv4 on the server end of the veth
/// pair; Kea's INFO log is parsed and compared with Kea's own packet statistics, which perfdhcp's report must agree with.
/// </summary>
public sealed class KeaDhcp4PerfdhcpTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Info_log_counts_match_Kea_statistics_and_perfdhcp()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent", "perfdhcp");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("p4"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("p4", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartInVethBedAsync(bed.Prefix, debug: false, ct);

        // 200 DORAs at 100/s from up to 200 MACs, RELEASEs at 20/s; -d 2: a reply later than 2 s is a drop.
        var report = await PerfdhcpReport.RunAsync(
            bed.ClientNamespace,
            ["-4", "-l", "10.77.0.2", "-r", "100", "-n", "200", "-R", "200", "-F", "20", "-d", "2", "-W", "500000", "10.77.0.1"],
            work.File("perfdhcp.txt"),
            ct);
        var stats = await KeaStatisticsReader.ReadAsync(kea.ControlSocket, ct);
        await kea.StopAsync(ct);

        var offersSent = stats.Statistic("pkt4-offer-sent");
        var acksSent = stats.Statistic("pkt4-ack-sent");
        var releasesReceived = stats.Statistic("pkt4-release-received");

        // The run must have done something, and the server and perfdhcp must agree, or the log comparison proves little.
        Assert.True(acksSent > 0 && releasesReceived > 0, $"perfdhcp produced no ACKs or no RELEASEs:\n{report.Text}");
        new CountCheck($"perfdhcp report {work.File("perfdhcp.txt")} vs Kea statistics")
            .Expect("OFFERs received / pkt4-offer-sent", offersSent, report["DISCOVER-OFFER"].Received)
            .Expect("ACKs received / pkt4-ack-sent", acksSent, report["REQUEST-ACK"].Received)
            .Expect("RELEASEs sent / pkt4-release-received", releasesReceived, report["RELEASE"].Sent)
            .AssertAll();

        var log = await DhcpLogs.SummarizeAsync(kea.LogPath, ct);
        new CountCheck($"Kea INFO log {kea.LogPath} (perfdhcp)")
            .Expect("offer (pkt4-offer-sent)", offersSent, log.ByKind[DhcpMessageKind.Offer])
            .Expect("ack (pkt4-ack-sent)", acksSent, log.ByKind[DhcpMessageKind.Ack])
            .Expect("release (pkt4-release-received)", releasesReceived, log.ByKind[DhcpMessageKind.Release])
            .Expect("unparsed", 0, log.UnparsedTotal)
            .AssertAll(log);
    }
}
