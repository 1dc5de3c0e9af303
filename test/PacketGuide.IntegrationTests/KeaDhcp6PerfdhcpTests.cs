using PacketGuide.Dhcp;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests;

/// <summary>
/// perfdhcp -6 (SOLICIT, ADVERTISE, REQUEST, REPLY with IA_NA + IA_PD, then RELEASEs) from the client end of the veth
/// pair against Kea DHCPv6; the parsed log must count one offer per ADVERTISE, one ack per REPLY that carries leases,
/// and one release per RELEASE, whatever number of leases (address + prefix) each message carries.
/// </summary>
public sealed class KeaDhcp6PerfdhcpTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public Task Info_log_counts_match_perfdhcp() => RunAsync("p6i", debug: false);

    [Fact]
    public Task Debug45_log_counts_match_perfdhcp() => RunAsync("p6d", debug: true);

    private async Task RunAsync(string tag, bool debug)
    {
        Prerequisites.RequireRootAnd("ip", "perl", "kea-dhcp6", "perfdhcp");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create(tag));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync(tag, ct));
        var kea = _cleanup.Add("stop Kea DHCPv6", new KeaDhcp6Server(work));
        await kea.StartAsync(bed.Prefix, debug, ct);

        // 20 clients (DUIDs built from MACs 02:00:00:00:06:xx), 4-way exchanges with an address and a prefix each,
        // RELEASEs at 10/s (how many depends on timing: read the report).
        var report = await PerfdhcpReport.RunAsync(
            bed.ClientNamespace,
            ["-6", "-l", bed.ClientInterface, "-e", "address-and-prefix", "-r", "50", "-n", "20", "-R", "20", "-F", "10",
                "-d", "2", "-W", "500000", "-b", "mac=02:00:00:00:06:00"],
            work.File("perfdhcp.txt"),
            ct);
        var stats = await KeaStatisticsReader.ReadAsync(kea.ControlSocket, ct);
        await kea.StopAsync(ct);

        var advertises = report["SOLICIT-ADVERTISE"].Received;
        var leaseReplies = report["REQUEST-REPLY"].Received;
        var releases = report["RELEASE-REPLY"].Sent;
        Assert.True(leaseReplies > 0 && releases > 0, $"perfdhcp produced no REPLYs or no RELEASEs:\n{report.Text}");

        // Kea's own counters agree with perfdhcp (a REPLY answers each REQUEST and each RELEASE).
        new CountCheck($"perfdhcp report {work.File("perfdhcp.txt")} vs Kea statistics")
            .Expect("ADVERTISEs / pkt6-advertise-sent", stats.Statistic("pkt6-advertise-sent"), advertises)
            .Expect("REPLYs to REQUESTs / pkt6-reply-sent - pkt6-release-received",
                stats.Statistic("pkt6-reply-sent") - stats.Statistic("pkt6-release-received"), leaseReplies)
            .Expect("RELEASEs / pkt6-release-received", stats.Statistic("pkt6-release-received"), releases)
            .AssertAll();

        var log = await DhcpLogs.SummarizeAsync(kea.LogPath, ct);
        new CountCheck($"Kea DHCPv6 {(debug ? "DEBUG 45" : "INFO")} log {kea.LogPath} (perfdhcp -6)")
            .Expect("offer (ADVERTISEs received)", advertises, log.ByKind[DhcpMessageKind.Offer])
            .Expect("ack (REPLYs with leases)", leaseReplies, log.ByKind[DhcpMessageKind.Ack])
            .Expect("release (RELEASEs sent)", releases, log.ByKind[DhcpMessageKind.Release])
            .Expect("unparsed", 0, log.UnparsedTotal)
            .AssertAll(log);
    }
}
