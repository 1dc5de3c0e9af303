using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Tests.Samples;

/// <summary>
/// The committed samples were produced by real Kea 2.2 and dhcpd 4.4 driven by the relay client's standard scenario:
/// discover 25, offer 23, request 26, ack 25, nak 3, release 6, decline 2, inform 2, allocation-failed 2, 28 clients.
/// </summary>
public sealed class RealSampleTests
{
    private static readonly long[] s_clientTruth = [25, 23, 26, 25, 3, 6, 2, 2, 0, 2];

    [Theory]
    [InlineData("kea4/debug45/kea-dhcp4.log", "kea")]
    [InlineData("dhcpd/stderr/dhcpd.log", "dhcpd")]
    [InlineData("dhcpd/syslog/dhcpd.rfc3164.log", "dhcpd")]
    [InlineData("dhcpd/syslog/dhcpd.rfc5424.log", "dhcpd")]
    [InlineData("dhcpd/syslog/dhcpd.journal-short-iso.log", "dhcpd")]
    public async Task Full_logs_count_exactly_what_the_client_did(string sample, string format)
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf(sample));

        Assert.Equal(format, s.Files[0].Format);
        Assert.Equal(s_clientTruth, Kinds(s));
        Assert.Equal(28, s.Clients);
        Assert.Equal(0, s.UnparsedTotal);
        Assert.Equal(2, s.AllocationFailureCount);
    }

    [Theory]
    [InlineData("kea4/info/kea-dhcp4.log")]
    [InlineData("kea4/syslog/kea-dhcp4.syslog")]
    [InlineData("kea4/syslog/kea-dhcp4.rfc5424.log")]
    public async Task Kea_info_logs_count_what_Kea_writes_at_info(string sample)
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf(sample));

        // At INFO Kea logs no DISCOVER, plain REQUEST, INFORM or NAK, and no lease line for the two INFORM ACKs;
        // the three INIT-REBOOT REQUESTs are visible through DHCP4_INIT_REBOOT.
        Assert.Equal(new long[] { 0, 23, 3, 23, 0, 6, 2, 0, 0, 2 }, Kinds(s));
        Assert.Equal(28, s.Clients);
        Assert.Equal(0, s.UnparsedTotal);
    }

    [Fact]
    public async Task Allocation_failures_name_subnet_client_and_line()
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf("kea4/debug45/kea-dhcp4.log"));

        Assert.All(s.AllocationFailures, a => Assert.Equal("2", a.Subnet));
        Assert.Equal(["02:00:00:00:05:04", "02:00:00:00:05:05"], s.AllocationFailures.Select(a => a.Client));
        Assert.All(s.AllocationFailures, a => Assert.EndsWith("kea-dhcp4.log", a.Source.File, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dhcpd_failure_names_the_network_and_refused_clients_are_ranked()
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf("dhcpd/stderr/dhcpd.log"));

        Assert.All(s.AllocationFailures, a => Assert.Equal("10.78.0.0/24", a.Subnet));
        Assert.Equal(5, s.TopRefusedClients.Count);
        Assert.Contains(s.TopRefusedClients, c => c.Client == "02:00:00:00:01:13" && c.Declines == 1);
        Assert.Contains(s.Via, v => v.Key == "10.77.0.2");
    }

    [Theory]
    [InlineData("kea4/info/kea-leases4.csv", "kea-lease4")]
    [InlineData("dhcpd/stderr/dhcpd.leases", "dhcpd-leases")]
    public async Task Lease_files_yield_the_last_state_per_address(string sample, string format)
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf(sample));

        // 23 addresses were bound (20 + 3 in the tiny pool): 6 released, 2 declined, 15 still active.
        Assert.Equal(format, s.Files[0].Format);
        Assert.Equal(23, s.Events);
        Assert.Equal(15, s.ByKind[DhcpMessageKind.Ack]);
        Assert.Equal(6, s.ByKind[DhcpMessageKind.Release]);
        Assert.Equal(2, s.ByKind[DhcpMessageKind.Decline]);
        Assert.Equal(0, s.UnparsedTotal);
    }

    [Fact]
    public async Task Kea_api_json_in_both_forms_gives_the_same_leases_and_statistics()
    {
        var socket = await TestData.SummarizeAsync(TestData.PathOf("kea4/api/lease4-get-all.socket.json"));
        var agent = await TestData.SummarizeAsync(TestData.PathOf("kea4/api/lease4-get-all.ca.json"));
        var stats = await TestData.SummarizeAsync(
            [TestData.PathOf("kea4/api/stat-lease4-get.json"), TestData.PathOf("kea4/api/statistic-get-all.json")]);

        Assert.Equal(17, socket.Events);
        Assert.Equal(Kinds(socket), Kinds(agent));
        Assert.Equal(2, socket.ByKind[DhcpMessageKind.Decline]);
        Assert.Equal(2, stats.KeaSubnets.Count);
        Assert.Equal(2, stats.KeaStatistics["v4-allocation-fail"]);
        Assert.Equal(0, stats.UnparsedTotal);
    }

    [Fact]
    public async Task Kea_dhcpv6_maps_solicit_advertise_request_reply()
    {
        var debug = await TestData.SummarizeAsync(TestData.PathOf("kea6/debug45/kea-dhcp6.log"));
        var info = await TestData.SummarizeAsync(TestData.PathOf("kea6/info/kea-dhcp6.log"));

        // perfdhcp: 20 SOLICIT, 20 ADVERTISE, 20 REQUEST, 20 REPLY with leases (IA_NA + IA_PD in one message), 3 RELEASE.
        Assert.Equal(new long[] { 20, 20, 20, 20, 0, 3, 0, 0, 0, 0 }, Kinds(debug));
        Assert.Equal(new long[] { 0, 20, 0, 20, 0, 3, 0, 0, 0, 0 }, Kinds(info));
        Assert.Equal(20, debug.Clients);
        Assert.Equal(0, debug.UnparsedTotal + info.UnparsedTotal);
    }

    [Fact]
    public async Task Gzip_input_is_read()
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf("kea4/perfdhcp/kea-dhcp4.log.gz"));

        Assert.Equal(500, s.ByKind[DhcpMessageKind.Offer]);
        Assert.Equal(500, s.ByKind[DhcpMessageKind.Ack]);
        Assert.Equal(98, s.ByKind[DhcpMessageKind.Release]);
    }

    internal static long[] Kinds(DhcpLogSummary s) => DhcpMessageKinds.All.Select(k => s.ByKind[k]).ToArray();
}
