using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dhcp.Tests.Config;

namespace PacketGuide.Dhcp.Tests.Leases;

public sealed class LeaseTrackerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DhcpServerConfig Config() => KeaConfig("""
        { "id": 1, "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.10 - 10.0.0.19" }, { "pool": "10.0.0.100 - 10.0.0.109" } ] },
        { "id": 2, "subnet": "10.0.1.0/24", "pools": [ { "pool": "10.0.1.10 - 10.0.1.13" } ] }
        """);

    private DhcpServerConfig KeaConfig(string subnets, string family = "Dhcp4")
    {
        _files.Write("kea.conf", $$"""{ "{{family}}": { "{{(family == "Dhcp4" ? "subnet4" : "subnet6")}}": [ {{subnets}} ] } }""");
        return _files.Load("kea.conf");
    }

    private LeaseTracker Tracker(DhcpServerConfig? config = null, LeaseTrackerOptions? options = null) =>
        new(options ?? new LeaseTrackerOptions(), _clock, config);

    private static LeaseEvent Event(DhcpMessageKind kind, string ip, string? mac, double minutes, long? lifetime = null,
        string? hostname = null, string server = "kea1", string? subnet = null) => new()
    {
        Kind = kind,
        Ip = IPAddress.Parse(ip),
        Mac = mac is null ? null : MacAddress.Parse(mac),
        Time = T0.AddMinutes(minutes),
        LeaseSeconds = lifetime,
        Hostname = hostname,
        Server = server,
        Subnet = subnet,
        Source = new SourceLocation("test.log", 1),
    };

    private static LeaseEvent Ack(string ip, string mac, double minutes, long lifetime = 3600, string? hostname = null) =>
        Event(DhcpMessageKind.Ack, ip, mac, minutes, lifetime, hostname);

    [Fact]
    public void Acks_count_in_their_pool_and_subnet()
    {
        var tracker = Tracker(Config());

        Assert.Equal(LeaseChange.Added, tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0)));
        Assert.Equal(LeaseChange.Added, tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0)));
        Assert.Equal(LeaseChange.Added, tracker.Apply(Ack("10.0.0.105", "02:00:00:00:00:03", 0)));
        Assert.Equal(LeaseChange.Added, tracker.Apply(Ack("10.0.0.50", "02:00:00:00:00:04", 0))); // a reservation outside the pools
        Assert.Equal(LeaseChange.Renewed, tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 1)));

        var report = tracker.GetUtilization();
        var subnet = report.Subnets[0];
        Assert.Equal("10.0.0.0/24", subnet.Subnet);
        Assert.Equal(1, subnet.Id);
        Assert.Equal((UInt128)20, subnet.Total);
        Assert.Equal(4, subnet.Assigned);
        Assert.Equal(1, subnet.OutsidePools);
        Assert.Equal(0.2, subnet.Ratio);
        Assert.Equal([2L, 1L], subnet.Pools.Select(p => p.Assigned));
        Assert.Equal("10.0.0.10-10.0.0.19", subnet.Pools[0].Range);
        Assert.Equal(0, report.Subnets[1].Assigned);
        Assert.Equal(4, report.ActiveLeases);
    }

    [Fact]
    public void Leases_expire_by_their_lifetime_with_no_event()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0, lifetime: 600));
        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0, lifetime: 3600));

        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(2, tracker.GetUtilization().Subnets[0].Assigned);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, tracker.GetUtilization().Subnets[0].Assigned);
        Assert.Null(tracker.Find(IPAddress.Parse("10.0.0.10")));
        Assert.NotNull(tracker.Find(IPAddress.Parse("10.0.0.11")));
    }

    [Fact]
    public void A_renewal_extends_the_lease()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0, lifetime: 600));
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 5, lifetime: 600));

        _clock.Advance(TimeSpan.FromMinutes(14));
        var lease = tracker.Find(IPAddress.Parse("10.0.0.10"));
        Assert.NotNull(lease);
        Assert.Equal(T0.AddMinutes(15), lease.Expires);
        Assert.Equal(T0.AddMinutes(5), lease.Start);
    }

    [Fact]
    public void Release_ends_a_lease_but_not_when_another_client_sends_it()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0));
        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0));

        Assert.Equal(LeaseChange.None, tracker.Apply(Event(DhcpMessageKind.Release, "10.0.0.10", "02:00:00:00:00:99", 1)));
        Assert.Equal(LeaseChange.Removed, tracker.Apply(Event(DhcpMessageKind.Release, "10.0.0.10", "02:00:00:00:00:01", 2)));
        Assert.Equal(LeaseChange.Removed, tracker.Apply(Event(DhcpMessageKind.Expire, "10.0.0.11", null, 2)));
        Assert.Equal(LeaseChange.None, tracker.Apply(Event(DhcpMessageKind.Release, "10.0.0.12", null, 2)));

        Assert.Equal(0, tracker.GetUtilization().Subnets[0].Assigned);
    }

    [Fact]
    public void Replayed_events_are_idempotent_and_cannot_resurrect_a_released_lease()
    {
        var events = new[]
        {
            Ack("10.0.0.10", "02:00:00:00:00:01", 0),
            Ack("10.0.0.11", "02:00:00:00:00:02", 1),
            Event(DhcpMessageKind.Release, "10.0.0.10", "02:00:00:00:00:01", 2),
            Ack("10.0.0.12", "02:00:00:00:00:03", 3),
        };
        var once = Tracker(Config());
        once.ApplyAll(events);
        var twice = Tracker(Config());
        twice.ApplyAll(events);
        twice.ApplyAll(events); // a restart from an older checkpoint delivers everything again
        twice.Apply(events[0]);

        Assert.Equal(Addresses(once), Addresses(twice));
        Assert.Equal(["10.0.0.11", "10.0.0.12"], Addresses(twice));
        Assert.Equal(once.GetUtilization().Subnets[0].Assigned, twice.GetUtilization().Subnets[0].Assigned);
    }

    [Fact]
    public void A_v4_client_that_moves_to_a_new_address_gives_up_its_old_one()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0));
        tracker.Apply(Ack("10.0.1.10", "02:00:00:00:00:01", 0)); // other subnet: both stay
        tracker.Apply(Ack("10.0.0.15", "02:00:00:00:00:01", 1));

        Assert.Equal(["10.0.0.15", "10.0.1.10"], Addresses(tracker));
        Assert.Equal(1, tracker.GetUtilization().Subnets[0].Assigned);
    }

    [Fact]
    public void Declined_addresses_count_as_assigned_and_declined_until_probation_ends()
    {
        var tracker = Tracker(Config(), new LeaseTrackerOptions { DeclineProbationSeconds = 3600 });
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0));
        tracker.Apply(Event(DhcpMessageKind.Decline, "10.0.0.10", "02:00:00:00:00:01", 1));

        var subnet = tracker.GetUtilization().Subnets[0];
        Assert.Equal(1, subnet.Assigned);
        Assert.Equal(1, subnet.Declined);
        Assert.Equal(TrackedLeaseState.Declined, Assert.Single(tracker.GetLeases()).State);
        Assert.Null(Assert.Single(tracker.GetLeases()).Mac);

        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(0, tracker.GetUtilization().Subnets[0].Assigned);
        Assert.Equal(0, tracker.GetUtilization().DeclinedAddresses);
    }

    [Fact]
    public void A_late_renewal_from_a_lagging_log_still_applies_after_the_clock_passed_the_old_expiry()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0, lifetime: 600));
        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 11)); // server A's log is ahead: the clock passes 10.0.0.10's expiry
        Assert.Null(tracker.Find(IPAddress.Parse("10.0.0.10"), T0.AddMinutes(11)));

        // Server B's log, behind, renewed 10.0.0.10 at minute 9.
        Assert.Equal(LeaseChange.Added, tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 9, lifetime: 600)));
        Assert.Equal(T0.AddMinutes(19), tracker.Find(IPAddress.Parse("10.0.0.10"), T0.AddMinutes(11))!.Expires);
    }

    [Fact]
    public void Events_without_a_lifetime_use_the_default_and_a_renewal_keeps_the_previous_one()
    {
        var tracker = Tracker(Config(), new LeaseTrackerOptions { DefaultLeaseSeconds = 1200 });
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.10", "02:00:00:00:00:01", 0));
        Assert.Equal(T0.AddMinutes(20), tracker.Find(IPAddress.Parse("10.0.0.10"))!.Expires);

        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0, lifetime: 300));
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.11", "02:00:00:00:00:02", 2));
        Assert.Equal(T0.AddMinutes(7), tracker.Find(IPAddress.Parse("10.0.0.11"))!.Expires);
    }

    [Fact]
    public void Events_without_a_lifetime_use_the_subnets_configured_one()
    {
        _files.Write("dhcpd.conf", """
            default-lease-time 600;
            subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.19; }
            subnet 10.0.1.0 netmask 255.255.255.0 { default-lease-time 120; range 10.0.1.10 10.0.1.19; }
            """);
        var tracker = Tracker(_files.Load("dhcpd.conf"), new LeaseTrackerOptions { DefaultLeaseSeconds = 99_999 });
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.10", "02:00:00:00:00:01", 0));
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.1.10", "02:00:00:00:00:02", 0));
        tracker.Apply(Event(DhcpMessageKind.Ack, "192.0.2.10", "02:00:00:00:00:03", 0));

        Assert.Equal(T0.AddSeconds(600), tracker.Find(IPAddress.Parse("10.0.0.10"))!.Expires);
        Assert.Equal(T0.AddSeconds(120), tracker.Find(IPAddress.Parse("10.0.1.10"))!.Expires);
        Assert.Equal(T0.AddSeconds(99_999), tracker.Find(IPAddress.Parse("192.0.2.10"))!.Expires);
    }

    [Fact]
    public void Kinds_that_carry_no_lease_change_nothing()
    {
        var tracker = Tracker(Config());
        foreach (var kind in new[] { DhcpMessageKind.Discover, DhcpMessageKind.Offer, DhcpMessageKind.Request, DhcpMessageKind.Nak,
                     DhcpMessageKind.Inform, DhcpMessageKind.AllocationFailed })
        {
            Assert.Equal(LeaseChange.None, tracker.Apply(Event(kind, "10.0.0.10", "02:00:00:00:00:01", 0, 3600)));
        }

        Assert.Equal(LeaseChange.None, tracker.Apply(new LeaseEvent { Kind = DhcpMessageKind.Ack, Server = "s", Source = new("x", 1) }));
        Assert.Empty(tracker.GetLeases());
    }

    /// <summary>
    /// dhcpd logs its reply to a DHCPINFORM as <c>DHCPACK to CIADDR (MAC) via IF</c>. That grants nothing (dhcpd's lease
    /// file is untouched): it must neither lease ciaddr, nor renew the lease there, nor end the client's lease elsewhere
    /// in the subnet (a client holds one lease per subnet). Seen with real dhcpd 4.4.3 in the live-tail integration test.
    /// </summary>
    [Fact]
    public async Task A_dhcpd_inform_reply_from_the_log_is_no_lease()
    {
        _files.Write("dhcpd.conf", """
            default-lease-time 600;
            subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.19; }
            """);
        var log = _files.Write("dhcpd.rfc5424.log", """
            <30>1 2026-11-26T11:59:50.000000+00:00 dhcp-lab dhcpd 7 - - DHCPACK on 10.0.0.10 to 02:00:00:00:00:07 (host-07) via 10.0.0.2
            <30>1 2026-11-26T11:59:51.000000+00:00 dhcp-lab dhcpd 7 - - DHCPACK on 10.0.0.11 to 02:00:00:00:00:08 via 10.0.0.2
            <30>1 2026-11-26T11:59:52.000000+00:00 dhcp-lab dhcpd 7 - - DHCPINFORM from 10.0.0.2 via 10.0.0.2
            <30>1 2026-11-26T11:59:52.000000+00:00 dhcp-lab dhcpd 7 - - DHCPACK to 10.0.0.2 (02:00:00:00:00:07) via eth0
            <30>1 2026-11-26T11:59:53.000000+00:00 dhcp-lab dhcpd 7 - - DHCPINFORM from 10.0.0.11 via 10.0.0.2
            <30>1 2026-11-26T11:59:53.000000+00:00 dhcp-lab dhcpd 7 - - DHCPACK to 10.0.0.11 (02:00:00:00:00:08) via eth0

            """);
        var monitor = new LeaseMonitor(Tracker(_files.Load("dhcpd.conf")), _clock);

        var loaded = await monitor.LoadAsync(Dhcp.Input.InputResolver.Resolve([log]), new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc },
            TestContext.Current.CancellationToken);

        Assert.Equal(4, loaded.Summary.ByKind[DhcpMessageKind.Ack]); // still counted as ACKs
        var leases = monitor.Tracker.GetLeases(at: T0);
        Assert.Equal(["10.0.0.10", "10.0.0.11"], leases.Select(l => l.Address.ToString()));
        Assert.Equal([T0.AddSeconds(-10 + 600), T0.AddSeconds(-9 + 600)], leases.Select(l => l.Expires));
        Assert.Equal(2, monitor.Tracker.GetUtilization(T0).Subnets[0].Assigned);
        Assert.Equal(0, monitor.Tracker.GetUtilization(T0).Subnets[0].OutsidePools);
    }

    [Fact]
    public void Hostile_times_and_lifetimes_neither_crash_nor_expire_everything()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0));
        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0, lifetime: long.MaxValue));
        tracker.Apply(Ack("10.0.0.12", "02:00:00:00:00:03", 0, lifetime: 0xffffffff)); // Kea's "infinite"
        tracker.Apply(Ack("10.0.0.13", "02:00:00:00:00:04", 0, lifetime: -5)); // ends, never counts
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.14", "02:00:00:00:00:05", 60 * 24 * 365 * 70, 60)); // year 2096
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.15", "02:00:00:00:00:06", -60 * 24 * 365 * 2000.0, 60)); // year 26

        Assert.Equal(["10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.14"], Addresses(tracker));

        _clock.Advance(TimeSpan.FromDays(3650));
        Assert.Equal(["10.0.0.11", "10.0.0.12"], Addresses(tracker));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeSeconds(), tracker.Find(IPAddress.Parse("10.0.0.11"))!.Expires.ToUnixTimeSeconds());
    }

    [Fact]
    public void Without_a_configuration_leases_are_counted_per_event_subnet_label()
    {
        var tracker = Tracker();
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.10", "02:00:00:00:00:01", 0, 600, subnet: "10.0.0.0/24"));
        tracker.Apply(Event(DhcpMessageKind.Ack, "10.0.0.11", "02:00:00:00:00:02", 0, 600, subnet: "10.0.0.0/24"));
        tracker.Apply(Event(DhcpMessageKind.Ack, "192.0.2.1", "02:00:00:00:00:03", 0, 600));

        var report = tracker.GetUtilization();
        Assert.Equal(["10.0.0.0/24", "unknown"], report.Subnets.Select(s => s.Subnet));
        Assert.All(report.Subnets, s => Assert.False(s.Configured));
        Assert.Equal([2L, 1L], report.Subnets.Select(s => s.Assigned));
        Assert.Null(report.Subnets[0].Ratio);
    }

    [Fact]
    public void Endless_distinct_subnet_labels_are_capped_and_then_counted_as_unknown()
    {
        var tracker = Tracker();
        for (var i = 0; i < 20_000; i++)
        {
            var ip = $"10.{i >> 8 & 255}.{i & 255}.1";
            tracker.Apply(Event(DhcpMessageKind.Ack, ip, null, 0, 600, subnet: $"hostile-{i}"));
        }

        var report = tracker.GetUtilization();
        Assert.Equal(16_385, report.Subnets.Count);
        Assert.Equal(20_000 - 16_384, report.Subnets.Single(s => s.Subnet == "unknown").Assigned);
        Assert.Equal(20_000, report.ActiveLeases);
    }

    [Fact]
    public void Lease_listing_filters_by_subnet_mac_network_and_state()
    {
        var tracker = Tracker(Config());
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0, hostname: "printer-1"));
        tracker.Apply(Ack("10.0.0.105", "02:00:00:00:00:02", 0));
        tracker.Apply(Ack("10.0.1.11", "02:00:00:00:00:03", 0));
        tracker.Apply(Event(DhcpMessageKind.Decline, "10.0.1.12", null, 0));

        Assert.Equal(["10.0.0.10", "10.0.0.105"], Addresses(tracker, new LeaseFilter { Subnet = "1" }));
        Assert.Equal(["10.0.1.11", "10.0.1.12"], Addresses(tracker, new LeaseFilter { Subnet = "10.0.1.0/24" }));
        Assert.Equal(["10.0.0.105"], Addresses(tracker, new LeaseFilter { Mac = MacAddress.Parse("02:00:00:00:00:02") }));
        Assert.Equal(["10.0.0.105"], Addresses(tracker, new LeaseFilter { Network = IPNetwork.Parse("10.0.0.64/26") }));
        Assert.Equal(["10.0.1.12"], Addresses(tracker, new LeaseFilter { State = TrackedLeaseState.Declined }));
        Assert.Empty(tracker.GetLeases(new LeaseFilter { Subnet = "nowhere" }));

        var lease = tracker.GetLeases(new LeaseFilter { Subnet = "1" })[0];
        Assert.Equal("printer-1", lease.Hostname);
        Assert.Equal("kea1", lease.Server);
        Assert.Equal("10.0.0.10-10.0.0.19", lease.Pool);
        Assert.Equal(1, lease.SubnetId);
    }

    [Fact]
    public void Ipv6_addresses_and_delegated_prefixes_count_in_their_pools()
    {
        var tracker = Tracker(KeaConfig("""
            { "id": 5, "subnet": "2001:db8::/48", "pools": [ { "pool": "2001:db8::100 - 2001:db8::1ff" } ],
              "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 40, "delegated-len": 56 } ] }
            """, "Dhcp6"));
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8::100", null, 0, 600));
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8::101", null, 0, 600));
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8:8000:100::", null, 0, 600));

        var subnet = Assert.Single(tracker.GetUtilization().Subnets);
        Assert.Equal(2, subnet.Assigned);
        Assert.Equal((UInt128)256, subnet.Total);
        Assert.Equal(1, subnet.AssignedPrefixes);
        Assert.Equal((UInt128)65536, subnet.TotalPrefixes);
        Assert.Equal(1, Assert.Single(subnet.PrefixPools).Assigned);
    }

    [Fact]
    public void Reconcile_makes_the_server_list_the_truth_and_counts_the_drift()
    {
        var tracker = Tracker(Config());
        var now = T0.ToUnixTimeSeconds();
        tracker.Apply(Ack("10.0.0.10", "02:00:00:00:00:01", 0)); // agrees
        tracker.Apply(Ack("10.0.0.11", "02:00:00:00:00:02", 0)); // the server lost it: extra
        tracker.Apply(Ack("10.0.0.12", "02:00:00:00:00:03", 0)); // the server has another client: changed

        var server = new List<KeaLease>
        {
            new() { Address = IPAddress.Parse("10.0.0.10"), SubnetId = 1, ValidLifetime = 3600, Cltt = now, HwAddress = "02:00:00:00:00:01" },
            new() { Address = IPAddress.Parse("10.0.0.12"), SubnetId = 1, ValidLifetime = 3600, Cltt = now, HwAddress = "02:00:00:00:00:33" },
            new() { Address = IPAddress.Parse("10.0.0.13"), SubnetId = 1, ValidLifetime = 3600, Cltt = now, HwAddress = "02:00:00:00:00:04" },
            new() { Address = IPAddress.Parse("10.0.0.14"), SubnetId = 1, ValidLifetime = 3600, Cltt = now, State = 1 },
            new() { Address = IPAddress.Parse("10.0.0.15"), SubnetId = 1, ValidLifetime = 3600, Cltt = now, State = 2 }, // reclaimed
            new() { Address = IPAddress.Parse("10.0.0.16"), SubnetId = 1, ValidLifetime = 60, Cltt = now - 3600 }, // expired, not yet reclaimed
        };
        var drift = tracker.Reconcile(server);

        Assert.Equal(4, drift.ServerLeases);
        Assert.Equal(2, drift.Missing);
        Assert.Equal(1, drift.Extra);
        Assert.Equal(1, drift.Changed);
        Assert.Equal(4, drift.Drift);
        Assert.Contains(drift.Examples, d => d.Kind == LeaseDriftKind.Extra && d.Address.Equals(IPAddress.Parse("10.0.0.11")));
        Assert.Equal(["10.0.0.10", "10.0.0.12", "10.0.0.13", "10.0.0.14"], Addresses(tracker));
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:33"), tracker.Find(IPAddress.Parse("10.0.0.12"))!.Mac);
        var subnet = tracker.GetUtilization().Subnets[0];
        Assert.Equal(4, subnet.Assigned);
        Assert.Equal(1, subnet.Declined);

        Assert.Equal(0, tracker.Reconcile(server).Drift);
    }

    [Fact]
    public void Reconcile_counts_a_client_as_changed_only_when_both_sides_know_it_and_differ()
    {
        // Kea's DHCPv6 log names a client by DUID only; lease6-get-all adds the hardware address Kea derived from the DUID.
        var tracker = Tracker(KeaConfig("""{ "id": 1, "subnet": "2001:db8::/64", "pools": [ { "pool": "2001:db8::100 - 2001:db8::1ff" } ] }""", "Dhcp6"));
        var now = T0.ToUnixTimeSeconds();
        const string Duid1 = "00:01:00:01:32:9b:23:3c:02:00:00:00:06:01";
        const string Duid2 = "00:01:00:01:32:9b:23:3c:02:00:00:00:06:02";
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8::100", null, 0, 4000) with { ClientId = Duid1 });
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8::101", null, 0, 4000) with { ClientId = Duid2 });
        tracker.Apply(Event(DhcpMessageKind.Ack, "2001:db8::102", "02:00:00:00:06:03", 0, 4000));

        var server = new List<KeaLease>
        {
            new() { Address = IPAddress.Parse("2001:db8::100"), SubnetId = 1, ValidLifetime = 4000, Cltt = now, Type = "IA_NA",
                Duid = Duid1, HwAddress = "02:00:00:00:06:01" }, // same DUID, plus a MAC the tracker never saw: agrees
            new() { Address = IPAddress.Parse("2001:db8::101"), SubnetId = 1, ValidLifetime = 4000, Cltt = now, Type = "IA_NA",
                Duid = Duid1, HwAddress = "02:00:00:00:06:01" }, // another client than the tracker's: changed
            new() { Address = IPAddress.Parse("2001:db8::102"), SubnetId = 1, ValidLifetime = 4000, Cltt = now, Type = "IA_NA",
                Duid = Duid2 }, // the tracker knows only the MAC, the server only the DUID: agrees
        };
        var drift = tracker.Reconcile(server);

        Assert.Equal(0, drift.Missing);
        Assert.Equal(0, drift.Extra);
        Assert.Equal(1, drift.Changed);
        Assert.Equal(IPAddress.Parse("2001:db8::101"), Assert.Single(drift.Examples).Address);
        Assert.Equal(0, tracker.Reconcile(server).Drift);
    }

    [Fact]
    public void Address_churn_far_beyond_the_tombstone_limit_stays_correct()
    {
        var tracker = Tracker(KeaConfig("""{ "id": 1, "subnet": "10.0.0.0/8", "pools": [ { "pool": "10.0.0.0 - 10.255.255.255" } ] }"""));
        var minute = 0.0;
        for (var i = 0; i < 150_000; i++)
        {
            var ip = new IPAddress(BitConverter.GetBytes(0x0000000a | (i << 8)));
            minute = i / 1000.0;
            tracker.Apply(Event(DhcpMessageKind.Ack, ip.ToString(), null, minute, 60));
            tracker.Apply(Event(DhcpMessageKind.Release, ip.ToString(), null, minute + 0.001));
            if (i % 1000 == 999)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        tracker.Apply(Ack("10.1.2.3", "02:00:00:00:00:01", minute, 600));
        Assert.Equal(1, tracker.GetUtilization().Subnets[0].Assigned);
        Assert.Equal(["10.1.2.3"], Addresses(tracker));
    }

    [Fact]
    public async Task Replaying_a_real_kea_log_gives_the_lease_file_and_the_servers_statistics()
    {
        // The configuration kea4/info ran with (see test/data/README.md): 763 and 3 pool addresses.
        var config = KeaConfig("""
            { "id": 1, "subnet": "10.77.0.0/22", "pools": [ { "pool": "10.77.1.0 - 10.77.3.250" } ] },
            { "id": 2, "subnet": "10.78.0.0/24", "pools": [ { "pool": "10.78.0.10 - 10.78.0.12" } ] }
            """);
        var fromLog = await EventsAsync("kea4/info/kea-dhcp4.log");
        var fromFile = await EventsAsync("kea4/info/kea-leases4.csv");
        var end = fromLog.Max(e => e.Time!.Value);
        _clock.SetUtcNow(end);
        var logTracker = Tracker(config);
        logTracker.ApplyAll(fromLog);
        var fileTracker = Tracker(config);
        fileTracker.ApplyAll(fromFile);

        Assert.Equal(Addresses(fileTracker), Addresses(logTracker));
        Assert.Equal(17, Addresses(logTracker).Count);

        // statistic-get-all: subnet[1].assigned-addresses 14 (declined included), declined 2; subnet[2] 3 of 3.
        // stat-lease4-get: assigned 12 (declined excluded), declined 2.
        var report = logTracker.GetUtilization();
        Assert.Equal([14L, 3L], report.Subnets.Select(s => s.Assigned));
        Assert.Equal([2L, 0L], report.Subnets.Select(s => s.Declined));
        Assert.Equal([(UInt128)763, (UInt128)3], report.Subnets.Select(s => s.Total));
        Assert.Equal(12, report.Subnets[0].Assigned - report.Subnets[0].Declined);
        Assert.Equal(1.0, report.Subnets[1].Ratio);
    }

    [Fact]
    public async Task Replaying_a_real_kea6_log_counts_addresses_and_delegated_prefixes_like_its_lease_file()
    {
        // kea6/info: perfdhcp -6 -e address-and-prefix; every REPLY writes DHCP6_LEASE_ALLOC and DHCP6_PD_LEASE_ALLOC.
        var config = KeaConfig("""
            { "id": 1, "subnet": "2001:db8:77::/64", "pools": [ { "pool": "2001:db8:77::1000 - 2001:db8:77::1fff" } ],
              "pd-pools": [ { "prefix": "2001:db8:7700::", "prefix-len": 40, "delegated-len": 56 } ] }
            """, "Dhcp6");
        var options = new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc, AdditionalLeaseEvents = true };
        var fromLog = await TestData.EventsAsync([TestData.PathOf("kea6/info/kea-dhcp6.log")], options);
        var fromFile = await EventsAsync("kea6/info/kea-leases6.csv");
        _clock.SetUtcNow(fromLog.Max(e => e.Time!.Value));
        var logTracker = Tracker(config);
        logTracker.ApplyAll(fromLog);
        var fileTracker = Tracker(config);
        fileTracker.ApplyAll(fromFile);

        var fromLogSubnet = Assert.Single(logTracker.GetUtilization().Subnets);
        var fromFileSubnet = Assert.Single(fileTracker.GetUtilization().Subnets);
        Assert.True(fromLogSubnet.AssignedPrefixes > 0, "the log's prefixes were not counted");
        Assert.Equal(fromFileSubnet.AssignedPrefixes, fromLogSubnet.AssignedPrefixes);
        Assert.Equal(fromFileSubnet.Assigned, fromLogSubnet.Assigned);
        Assert.Equal(Addresses(fileTracker), Addresses(logTracker));

        // Without the option, parse's one event per message: the prefix lines are not events.
        var perMessage = await TestData.EventsAsync([TestData.PathOf("kea6/info/kea-dhcp6.log")]);
        // 20 DHCP6_PD_LEASE_ALLOC and 3 DHCP6_RELEASE_PD lines follow the address lines of their messages.
        Assert.Equal(perMessage.Count + 23, fromLog.Count);
        Assert.Equal(17, fromLogSubnet.AssignedPrefixes);
    }

    private static async Task<List<LeaseEvent>> EventsAsync(string sample) => await TestData.EventsAsync([TestData.PathOf(sample)]);

    private static List<string> Addresses(LeaseTracker tracker, LeaseFilter? filter = null) =>
        tracker.GetLeases(filter).Select(l => l.Address.ToString()).ToList();
}
