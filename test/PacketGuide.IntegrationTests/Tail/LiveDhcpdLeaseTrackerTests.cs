using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Leases;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Tail;

/// <summary>
/// The lease tracker fed live from ISC dhcpd: real dhcpd in a veth bed logging through syslog(3) to a private rsyslogd,
/// the product's <see cref="DhcpTail"/> following rsyslog's file (RFC 3164, the /var/log/syslog layout) from its first
/// line into a <see cref="LeaseTracker"/> built from the dhcpd.conf dhcpd runs with, while perfdhcp and the test client
/// make traffic. dhcpd's log lines carry no lifetime, so the tracker takes the subnet's <c>default-lease-time</c>. Once the
/// tail has delivered every event of the log, the tracker must hold what dhcpd's own lease database (dhcpd.leases, read
/// into a second tracker) holds: the same addresses in the same state, with the same client and lifetime, and the same
/// per-subnet counts; and <c>pguide dhcp pools</c> on dhcpd.leases must print the same counts.
/// </summary>
public sealed class LiveDhcpdLeaseTrackerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private static readonly TimeSpan s_catchUpLimit = TimeSpan.FromSeconds(30);
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");

    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Tracker_fed_by_the_live_syslog_tail_equals_dhcpd_leases()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "unshare", "dhcpd", "rsyslogd", "perfdhcp");
        var ct = TestContext.Current.CancellationToken;

        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("ldt"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("ldt", ct));
        var dhcpd = _cleanup.Add("stop dhcpd and rsyslogd", new DhcpdServer(work));
        await dhcpd.StartWithSyslogAsync(bed.Prefix, ct);

        // The pool model from the file dhcpd runs with: 10.77.0.0/22 (range of 763 addresses) and 10.78.0.0/24 (3);
        // default-lease-time 3600 s, so nothing expires during the test.
        var config = await DhcpConfigLoader.LoadAsync(dhcpd.ConfigPath, DhcpConfigFormat.Auto, ct);
        var tracker = new LeaseTracker(new LeaseTrackerOptions(), TimeProvider.System, config);
        var tail = _cleanup.Add("stop the tail", new TrackerTail(dhcpd.SyslogPath, tracker));

        // While the tail runs: 300 DORAs at 100/s from 300 MACs through the relay of 10.77.0.0/22, RELEASEs at 20/s.
        var report = await PerfdhcpReport.RunAsync(
            bed.ClientNamespace,
            ["-4", "-l", DhcpdServer.Relay1, "-r", "100", "-n", "300", "-R", "300", "-F", "20", "-d", "2", "-W", "500000", "10.77.0.1"],
            work.File("perfdhcp.txt"),
            ct);
        var duringPerfdhcp = tail.Delivered;

        // Then the test client's standard scenario: 20 DORAs, 6 RELEASEs, 2 DECLINEs (dhcpd abandons the addresses), 2
        // INFORMs, 3 NAKs, and 5 clients for the 3-address pool of 10.78.0.0/24. dhcpd sends relayed replies to giaddr:67
        // and an INFORM's ACK to ciaddr (= the relay address here):68.
        var client = await DhcpTestClientRunner.RunStandardScenarioAsync(
            bed.ClientNamespace,
            ["--server", DhcpdServer.ServerEndpoint, "--relay", DhcpdServer.Relay1, "--relay2", DhcpdServer.Relay2,
                "--port", "67", "--client-port", "68"],
            work.File("client-counts.json"),
            work.File("client.log"),
            ct);

        // The traffic is over. dhcpd logs a message before it replies, and the client's last DISCOVER (no OFFER) was
        // followed by its 1.5 s wait, so rsyslogd has received every line; stopping it (SIGTERM) makes it write all it
        // received and exit. The file is final, and the tail must catch up with all of it. dhcpd keeps running: its lease
        // file is read as it is on a live server.
        await dhcpd.StopSyslogAsync(ct);
        var log = await tail.CatchUpAsync(s_catchUpLimit, ct);

        // dhcpd's own lease database, through the product's lease-file reader, into a tracker with the same configuration.
        var fromFile = new LeaseTracker(new LeaseTrackerOptions(), TimeProvider.System, config);
        var loaded = await new LeaseMonitor(fromFile, TimeProvider.System)
            .LoadAsync(InputResolver.Resolve([dhcpd.LeasesPath]), new DhcpParseOptions(), ct);

        // Both at one moment.
        var at = TimeProvider.System.GetUtcNow();
        var tailLeases = tracker.GetLeases(at: at);
        var fileLeases = fromFile.GetLeases(at: at);
        var tailUtilization = tracker.GetUtilization(at);
        var fileUtilization = fromFile.GetUtilization(at);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"perfdhcp: {report["DISCOVER-OFFER"].Sent} DISCOVERs, {report["REQUEST-ACK"].Received} ACKs, {report["RELEASE"].Sent} RELEASEs; " +
            $"client: {client.LeaseAcks} lease ACKs, {client.Inform} INFORMs, {client.Release} RELEASEs, {client.Decline} DECLINEs, " +
            $"{client.AllocationFailed} without OFFER"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tail of {Path.GetFileName(dhcpd.SyslogPath)}: {tail.Delivered} events ({duringPerfdhcp} delivered before perfdhcp exited), " +
            $"{tail.DeliveredOf(DhcpMessageKind.Ack)} acks, {tail.DeliveredOf(DhcpMessageKind.Release)} releases, " +
            $"{tail.DeliveredOf(DhcpMessageKind.Decline)} declines; log: {log.Lines} lines, {log.UnparsedTotal} unparsed"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dhcpd.leases: {loaded.Summary.Lines} lines, {loaded.Summary.UnparsedTotal} unparsed; leases: tail {tailLeases.Count}, file {fileLeases.Count}"));
        foreach (var (name, utilization) in new[] { ("tail", tailUtilization), ("file", fileUtilization) })
        {
            foreach (var s in utilization.Subnets)
            {
                output.WriteLine($"{name} subnet {s.Subnet}: total {s.Total}, assigned {s.Assigned}, declined {s.Declined}, outside pools {s.OutsidePools}");
            }
        }

        // The run did something, and everything dhcpd was sent reached the log and the tail: perfdhcp's and the client's
        // lease ACKs, the client's INFORM ACKs, both sets of RELEASEs and the client's DECLINEs.
        Assert.Equal(ClientCounts.StandardScenario, client);
        Assert.True(report["REQUEST-ACK"].Received > 0 && report["RELEASE"].Sent > 0, $"perfdhcp got no ACKs or sent no RELEASEs:\n{report.Text}");
        new CountCheck($"the tail of {dhcpd.SyslogPath} vs what perfdhcp and the client did")
            .Expect("ack (perfdhcp ACKs + client ACKs)", report["REQUEST-ACK"].Received + client.Ack, tail.DeliveredOf(DhcpMessageKind.Ack))
            .Expect("release (perfdhcp + client)", report["RELEASE"].Sent + client.Release, tail.DeliveredOf(DhcpMessageKind.Release))
            .Expect("decline (client)", client.Decline, tail.DeliveredOf(DhcpMessageKind.Decline))
            .Expect("unparsed log lines", 0, log.UnparsedTotal)
            .Expect("unparsed dhcpd.leases lines", 0, loaded.Summary.UnparsedTotal)
            .AssertAll();

        // Per subnet, the tail's tracker counts what dhcpd's lease file holds; both subnets have leases, the small one is
        // full, and the two abandoned addresses are declined.
        Assert.Equal(["10.77.0.0/22", "10.78.0.0/24"], tailUtilization.Subnets.Select(s => s.Subnet));
        Assert.Equal(["10.77.0.0/22", "10.78.0.0/24"], fileUtilization.Subnets.Select(s => s.Subnet));
        var check = new CountCheck($"LeaseTracker fed by the tail of {dhcpd.SyslogPath} vs dhcpd's {dhcpd.LeasesPath}");
        foreach (var (tailSubnet, fileSubnet) in tailUtilization.Subnets.Zip(fileUtilization.Subnets))
        {
            check.Expect($"{fileSubnet.Subnet} assigned", fileSubnet.Assigned, tailSubnet.Assigned)
                .Expect($"{fileSubnet.Subnet} declined", fileSubnet.Declined, tailSubnet.Declined)
                .Expect($"{fileSubnet.Subnet} outside pools", fileSubnet.OutsidePools, tailSubnet.OutsidePools);
        }

        check.Expect("active leases", fromFile.ActiveLeases, tracker.ActiveLeases)
            .Expect("10.78.0.0/24 assigned (its 3-address pool is full)", 3, tailUtilization.Subnets[1].Assigned)
            .Expect("10.77.0.0/22 declined (the client's DECLINEs)", client.Decline, tailUtilization.Subnets[0].Declined)
            .AssertAll();
        Assert.True(tailUtilization.Subnets[0].Assigned > tailUtilization.Subnets[0].Declined, "no leases in 10.77.0.0/22");

        // Lease by lease: the same addresses, in the same state, held by the same client, for the same lifetime (an active
        // lease: the config's 3600 s from the log, starts..ends from the file; a declined address: the 24 h probation).
        AssertSameLeases(fileLeases, tailLeases);

        // The CLI on dhcpd's lease file says the same. The 3-address pool is full: critical, exit code 1.
        var pools = await ProcessRunner.RunAsync("dotnet", [s_pguide, "dhcp", "pools", "--json", "--config", dhcpd.ConfigPath, dhcpd.LeasesPath],
            TimeSpan.FromSeconds(120), ct);
        using var json = JsonDocument.Parse(pools.EnsureExitCode(1).StandardOutput);
        var cli = new CountCheck($"pguide dhcp pools --json --config {dhcpd.ConfigPath} {dhcpd.LeasesPath} vs the tail's tracker");
        var subnets = json.RootElement.GetProperty("subnets").EnumerateArray().ToList();
        foreach (var tracked in tailUtilization.Subnets)
        {
            var row = subnets.SingleOrDefault(s => s.GetProperty("subnet").GetString() == tracked.Subnet);
            Assert.True(row.ValueKind == JsonValueKind.Object, $"pguide dhcp pools has no subnet {tracked.Subnet}:\n{pools.StandardOutput}");
            cli.Expect($"{tracked.Subnet} assigned", tracked.Assigned, row.GetProperty("assigned").GetInt64())
                .Expect($"{tracked.Subnet} declined", tracked.Declined, row.GetProperty("declined").GetInt64());
        }

        cli.Expect("subnets", tailUtilization.Subnets.Count, subnets.Count).AssertAll();
    }

    private static void AssertSameLeases(IReadOnlyList<TrackedLease> file, IReadOnlyList<TrackedLease> tail)
    {
        var expected = file.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var actual = tail.Select(Describe).ToHashSet(StringComparer.Ordinal);
        if (expected.Count == file.Count && expected.SetEquals(actual))
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"the tail's tracker holds {actual.Count} leases, dhcpd.leases {expected.Count}\n");
        text.Append("  only in dhcpd.leases: ").AppendJoin(", ", expected.Except(actual).Order(StringComparer.Ordinal).Take(20)).Append('\n');
        text.Append("  only in the tail's tracker: ").AppendJoin(", ", actual.Except(expected).Order(StringComparer.Ordinal).Take(20));
        Assert.Fail(text.ToString());
    }

    private static string Describe(TrackedLease lease) => string.Create(CultureInfo.InvariantCulture,
        $"{lease.Address} {(lease.State == TrackedLeaseState.Declined ? "declined" : "active")} {lease.Mac?.ToString() ?? "-"} " +
        $"{(lease.Expires - lease.Start).TotalSeconds:0}s");
}
