using System.Globalization;
using System.Numerics;
using System.Text;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Tail;

/// <summary>
/// The lease tracker fed live: real Kea in a veth bed, the product's <see cref="DhcpTail"/> following Kea's log from its
/// first line into a <see cref="LeaseTracker"/> built from the configuration file Kea runs with, while perfdhcp (and the
/// test client, for DECLINEs and a full pool) make traffic. Once the tail has delivered every event of the log, the
/// tracker's utilization must equal Kea's own <c>stat-lease4-get</c> per subnet, its leases must be Kea's
/// <c>lease4-get-all</c>, and reconciling against that list must find no drift. The same for Kea DHCPv6 and
/// <c>stat-lease6-get</c> / <c>lease6-get-all</c> (perfdhcp -6 only: the DHCPv6 client makes no DECLINEs).
/// </summary>
public sealed class LiveLeaseTrackerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private static readonly TimeSpan s_catchUpLimit = TimeSpan.FromSeconds(30);

    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Kea4_tracker_fed_by_the_live_tail_equals_stat_lease4_get()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent", "perfdhcp");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("lt4"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("lt4", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartInVethBedAsync(bed.Prefix, debug: false, ct);

        // The pool model from the file Kea runs with: subnet 1 10.77.0.0/22 (763 addresses), subnet 2 10.78.0.0/24 (3);
        // valid-lifetime 3600 s, so nothing expires during the test.
        var config = await DhcpConfigLoader.LoadAsync(kea.ConfigPath, DhcpConfigFormat.Auto, ct);
        var tracker = new LeaseTracker(new LeaseTrackerOptions(), TimeProvider.System, config);
        var tail = _cleanup.Add("stop the tail", new TrackerTail(kea.LogPath, tracker));

        // While the tail runs: 300 DORAs at 100/s from up to 300 MACs through the relay of subnet 1, RELEASEs at 20/s.
        var report = await PerfdhcpReport.RunAsync(
            bed.ClientNamespace,
            ["-4", "-l", kea.Relay1, "-r", "100", "-n", "300", "-R", "300", "-F", "20", "-d", "2", "-W", "500000", "10.77.0.1"],
            work.File("perfdhcp.txt"),
            ct);
        var duringPerfdhcp = tail.Delivered;

        // Then the test client's standard scenario: 20 DORAs, 6 RELEASEs, 2 DECLINEs, INFORMs, NAKs, and 5 clients for the
        // 3-address pool of subnet 2.
        var client = await DhcpTestClientRunner.RunStandardScenarioAsync(
            bed.ClientNamespace,
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay1, "--relay2", kea.Relay2, "--port", "67", "--client-port", "68"],
            work.File("client-counts.json"),
            work.File("client.log"),
            ct);

        var log = await tail.CatchUpAsync(s_catchUpLimit, ct);
        using var api = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket });
        var keaStats = await api.GetLeaseStatisticsAsync(ct);
        var keaLeases = await api.GetLeasesAsync(ct);
        var counters = await api.GetStatisticsAsync(ct);
        var utilization = tracker.GetUtilization();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"perfdhcp: {report["DISCOVER-OFFER"].Sent} DISCOVERs, {report["REQUEST-ACK"].Received} ACKs, {report["RELEASE"].Sent} RELEASEs; " +
            $"client: {client.LeaseAcks} lease ACKs, {client.Release} RELEASEs, {client.Decline} DECLINEs, {client.AllocationFailed} without OFFER"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tail: {tail.Delivered} events ({duringPerfdhcp} delivered before perfdhcp exited), {tail.DeliveredOf(DhcpMessageKind.Ack)} acks, " +
            $"{tail.DeliveredOf(DhcpMessageKind.Release)} releases, {tail.DeliveredOf(DhcpMessageKind.Decline)} declines; log: {log.Lines} lines, {log.UnparsedTotal} unparsed"));
        foreach (var row in keaStats)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Kea subnet {row.SubnetId}: stat-lease4-get total {row.TotalAddresses}, assigned {row.AssignedAddresses}, declined {row.DeclinedAddresses}; " +
                $"subnet[{row.SubnetId}].assigned-addresses {counters.Statistic($"subnet[{row.SubnetId}].assigned-addresses")}"));
        }

        foreach (var s in utilization.Subnets)
        {
            output.WriteLine($"tracker subnet {s.Id} ({s.Subnet}): total {s.Total}, assigned {s.Assigned}, declined {s.Declined}, outside pools {s.OutsidePools}");
        }

        output.WriteLine($"lease4-get-all: {keaLeases.Leases.Count} leases; tracker: {tracker.GetLeases().Count}");

        // The run did something: leases in both subnets, RELEASEs and DECLINEs that Kea processed and the tail delivered.
        var releases = counters.Statistic("pkt4-release-received");
        Assert.True(releases > 0 && tail.DeliveredOf(DhcpMessageKind.Release) > 0,
            $"no RELEASEs (Kea pkt4-release-received {releases}, tail {tail.DeliveredOf(DhcpMessageKind.Release)}):\n{report.Text}");
        Assert.True(client.Decline > 0 && tail.DeliveredOf(DhcpMessageKind.Decline) > 0, "no DECLINEs were sent or tailed");
        Assert.Equal([1L, 2L], keaStats.Select(r => r.SubnetId).Order());
        Assert.All(keaStats, r => Assert.True(r.AssignedAddresses > 0, $"Kea has no leases in subnet {r.SubnetId}"));

        // Per subnet, the tracker's utilization is Kea's. stat-lease4-get counts the lease database by state, so its
        // assigned-addresses leaves declined addresses out; Kea's own subnet[N].assigned-addresses counter keeps them in (a
        // DECLINE adds to declined-addresses and leaves assigned alone), as the tracker's Assigned does. The tracker's
        // subnet id is Kea's.
        var check = new CountCheck($"LeaseTracker fed by the tail of {kea.LogPath} vs Kea stat-lease4-get and statistic-get-all");
        foreach (var row in keaStats)
        {
            var tracked = utilization.Subnets.SingleOrDefault(s => s.Id == row.SubnetId);
            Assert.True(tracked is not null, $"the tracker has no subnet with Kea's id {row.SubnetId}");
            var id = row.SubnetId.ToString(CultureInfo.InvariantCulture);
            check.Expect($"subnet {id} total-addresses", (long)row.TotalAddresses, (long)tracked.Total)
                .Expect($"subnet {id} assigned-addresses", (long)row.AssignedAddresses, tracked.Assigned - tracked.Declined)
                .Expect($"subnet {id} declined-addresses", (long)row.DeclinedAddresses, tracked.Declined)
                .Expect($"subnet[{id}].assigned-addresses", counters.Statistic($"subnet[{id}].assigned-addresses"), tracked.Assigned);
        }

        check.Expect("subnets the tracker knows", keaStats.Count, utilization.Subnets.Count)
            .Expect("active leases (all subnets)", (long)keaStats.Aggregate(BigInteger.Zero, (a, r) => a + r.AssignedAddresses),
                utilization.ActiveLeases)
            .AssertAll();

        // Lease by lease: the tracker holds exactly the addresses Kea lists, in the same state.
        AssertSameLeases(keaLeases, tracker.GetLeases());

        // And reconciling against Kea's list finds nothing to correct (client and expiry included).
        var reconciliation = tracker.Reconcile(keaLeases.Leases);
        Assert.True(reconciliation.Drift == 0, string.Create(CultureInfo.InvariantCulture,
            $"reconcile drift {reconciliation.Drift}: {reconciliation.Missing} missing, {reconciliation.Extra} extra, {reconciliation.Changed} changed; " +
            $"e.g. {string.Join(", ", reconciliation.Examples.Select(e => $"{e.Address} {e.Kind}"))}"));
        Assert.Equal(keaLeases.Leases.Count, reconciliation.ServerLeases);
    }

    [Fact]
    public Task Kea6_addresses_tracker_fed_by_the_live_tail_equals_stat_lease6_get() => RunKea6Async("lt6a", "address-only");

    /// <summary>A REPLY carries an address and a prefix: the tail must deliver both lease lines for the tracker.</summary>
    [Fact]
    public Task Kea6_addresses_and_prefixes_tracker_fed_by_the_live_tail_equals_stat_lease6_get() => RunKea6Async("lt6p", "address-and-prefix");

    private async Task RunKea6Async(string tag, string leaseType)
    {
        Prerequisites.RequireRootAnd("ip", "perl", "kea-dhcp6", "perfdhcp");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create(tag));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync(tag, ct));
        var kea = _cleanup.Add("stop Kea DHCPv6", new KeaDhcp6Server(work));
        await kea.StartAsync(bed.Prefix, debug: false, ct);

        // Subnet 1 2001:db8:77::/64: 4096 addresses (::1000 - ::1fff) and a /40 delegated as /56s (65,536 prefixes);
        // valid-lifetime 4000 s, so nothing expires during the test.
        var config = await DhcpConfigLoader.LoadAsync(kea.ConfigPath, DhcpConfigFormat.Auto, ct);
        var tracker = new LeaseTracker(new LeaseTrackerOptions(), TimeProvider.System, config);
        var tail = _cleanup.Add("stop the tail", new TrackerTail(kea.LogPath, tracker));

        // While the tail runs: 200 four-way exchanges at 50/s from up to 200 clients, each for an address (and a prefix with
        // address-and-prefix), and RELEASEs at 10/s.
        var report = await PerfdhcpReport.RunAsync(
            bed.ClientNamespace,
            ["-6", "-l", bed.ClientInterface, "-e", leaseType, "-r", "50", "-n", "200", "-R", "200", "-F", "10",
                "-d", "2", "-W", "500000", "-b", "mac=02:00:00:00:06:00"],
            work.File("perfdhcp.txt"),
            ct);
        var duringPerfdhcp = tail.Delivered;

        var log = await tail.CatchUpAsync(s_catchUpLimit, ct);
        using var api = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket, Service = KeaService.Dhcp6 });
        var keaStats = await api.GetLeaseStatisticsAsync(ct);
        var keaLeases = await api.GetLeasesAsync(ct);
        var counters = await api.GetStatisticsAsync(ct);
        var utilization = tracker.GetUtilization();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"perfdhcp: {report["SOLICIT-ADVERTISE"].Sent} SOLICITs, {report["REQUEST-REPLY"].Received} REPLYs, {report["RELEASE-REPLY"].Sent} RELEASEs"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tail: {tail.Delivered} events ({duringPerfdhcp} delivered before perfdhcp exited), {tail.DeliveredOf(DhcpMessageKind.Ack)} acks, " +
            $"{tail.DeliveredOf(DhcpMessageKind.Release)} releases; log: {log.Lines} lines, {log.UnparsedTotal} unparsed"));
        foreach (var row in keaStats)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Kea subnet {row.SubnetId}: stat-lease6-get total-nas {row.TotalAddresses}, assigned-nas {row.AssignedAddresses}, " +
                $"declined-nas {row.DeclinedAddresses}, total-pds {row.TotalPrefixes}, assigned-pds {row.AssignedPrefixes}"));
        }

        foreach (var s in utilization.Subnets)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tracker subnet {s.Id} ({s.Subnet}): total {s.Total}, assigned {s.Assigned}, declined {s.Declined}, outside pools {s.OutsidePools}, " +
                $"prefixes {s.AssignedPrefixes} of {s.TotalPrefixes}"));
        }

        output.WriteLine($"lease6-get-all: {keaLeases.Leases.Count} leases; tracker: {tracker.GetLeases().Count}");

        // The run did something: addresses and prefixes leased, RELEASEs that Kea processed and the tail delivered.
        var releases = counters.Statistic("pkt6-release-received");
        Assert.True(releases > 0 && tail.DeliveredOf(DhcpMessageKind.Release) > 0,
            $"no RELEASEs (Kea pkt6-release-received {releases}, tail {tail.DeliveredOf(DhcpMessageKind.Release)}):\n{report.Text}");
        var row1 = Assert.Single(keaStats);
        Assert.Equal(1, row1.SubnetId);
        Assert.True(row1.AssignedAddresses > 0, "Kea leased no addresses");
        Assert.True(leaseType == "address-only" || row1.AssignedPrefixes > 0, "Kea delegated no prefixes");

        var tracked = utilization.Subnets.SingleOrDefault(s => s.Id == row1.SubnetId);
        Assert.True(tracked is not null, $"the tracker has no subnet with Kea's id {row1.SubnetId}");
        new CountCheck($"LeaseTracker fed by the tail of {kea.LogPath} vs Kea stat-lease6-get and statistic-get-all")
            .Expect("subnet 1 total-nas", (long)row1.TotalAddresses, (long)tracked.Total)
            .Expect("subnet 1 assigned-nas", (long)row1.AssignedAddresses, tracked.Assigned - tracked.Declined)
            .Expect("subnet 1 declined-nas", (long)row1.DeclinedAddresses, tracked.Declined)
            .Expect("subnet[1].assigned-nas", counters.Statistic("subnet[1].assigned-nas"), tracked.Assigned)
            .Expect("subnet 1 total-pds", (long)(row1.TotalPrefixes ?? -1), (long)tracked.TotalPrefixes)
            .Expect("subnet 1 assigned-pds", (long)(row1.AssignedPrefixes ?? -1), tracked.AssignedPrefixes)
            .Expect("subnets the tracker knows", 1, utilization.Subnets.Count)
            .Expect("active leases (addresses + prefixes)", (long)(row1.AssignedAddresses + (row1.AssignedPrefixes ?? 0)), utilization.ActiveLeases)
            .AssertAll();

        AssertSameLeases(keaLeases, tracker.GetLeases());

        var reconciliation = tracker.Reconcile(keaLeases.Leases);
        Assert.True(reconciliation.Drift == 0, string.Create(CultureInfo.InvariantCulture,
            $"reconcile drift {reconciliation.Drift}: {reconciliation.Missing} missing, {reconciliation.Extra} extra, {reconciliation.Changed} changed; " +
            $"e.g. {string.Join(", ", reconciliation.Examples.Select(e => $"{e.Address} {e.Kind}"))}"));
        Assert.Equal(keaLeases.Leases.Count, reconciliation.ServerLeases);
    }

    private static void AssertSameLeases(KeaLeaseList kea, IReadOnlyList<TrackedLease> tracked)
    {
        Assert.Equal(0, kea.Malformed);
        var expected = kea.Leases.Select(l => Describe(l.Address.ToString(), l.State == 1)).ToHashSet(StringComparer.Ordinal);
        var actual = tracked.Select(l => Describe(l.Address.ToString(), l.State == TrackedLeaseState.Declined)).ToHashSet(StringComparer.Ordinal);
        if (expected.SetEquals(actual))
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"the tracker's leases ({actual.Count}) differ from lease4-get-all ({expected.Count})\n");
        text.Append("  only in Kea: ").AppendJoin(", ", expected.Except(actual).Order(StringComparer.Ordinal).Take(20)).Append('\n');
        text.Append("  only in the tracker: ").AppendJoin(", ", actual.Except(expected).Order(StringComparer.Ordinal).Take(20));
        Assert.Fail(text.ToString());
    }

    private static string Describe(string address, bool declined) => declined ? address + " (declined)" : address;
}
