using PacketGuide.Dhcp.Parsing;
namespace PacketGuide.Dhcp.Tests.Parsing;

public sealed class KeaLogParserTests
{
    private const string Alloc =
        "2026-11-26 12:56:11.752 INFO  [kea-dhcp4.leases/10564.140496085754368] DHCP4_LEASE_ALLOC [hwtype=1 00:0c:01:02:03:04], " +
        "cid=[01:00:0c:01:02:03:04], tid=0x0: lease 10.77.1.0 has been allocated for 3600 seconds";

    [Fact]
    public void Lease_alloc_is_an_ack_with_address_mac_lifetime_and_time()
    {
        var e = Assert.Single(RecordingSink.Parse(DhcpLogFormat.Kea, Alloc).Events);

        Assert.Equal(DhcpMessageKind.Ack, e.Kind);
        Assert.Equal("10.77.1.0", e.Ip);
        Assert.Equal("00:0c:01:02:03:04", e.Mac);
        Assert.Equal(3600, e.Lease);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 56, 11, 752, TimeSpan.Zero), e.Time);
        Assert.Equal("file-server", e.Server);
    }

    [Theory]
    [InlineData("DHCP4_LEASE_ADVERT", "lease 10.77.1.0 will be advertised")]
    [InlineData("DHCP4_LEASE_OFFER", "lease 10.77.1.0 will be offered")]
    public void Old_and_new_offer_message_ids_both_count(string id, string text)
    {
        var line = $"2026-11-26 12:56:11.751 INFO  [kea-dhcp4.leases/1.2] {id} [hwtype=1 00:0c:01:02:03:04], cid=[no info], tid=0x7: {text}";

        Assert.Equal(DhcpMessageKind.Offer, Assert.Single(RecordingSink.Parse(DhcpLogFormat.Kea, line).Events).Kind);
    }

    [Fact]
    public void Debug_lines_about_one_packet_make_one_event_and_lend_it_subnet_and_relay()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Kea,
            "2026-11-26 12:56:11.750 DEBUG [kea-dhcp4.packets/1.2] DHCP4_PACKET_RECEIVED [hwtype=1 00:0c:01:02:03:04], cid=[01:00:0c:01:02:03:04], tid=0x9: DHCPREQUEST (type 3) received from 10.77.0.2 to 10.77.0.1 on interface veth-srv",
            "2026-11-26 12:56:11.750 DEBUG [kea-dhcp4.packets/1.2] DHCP4_SUBNET_SELECTED [hwtype=1 00:0c:01:02:03:04], cid=[01:00:0c:01:02:03:04], tid=0x9: the subnet with ID 7 was selected for client assignments",
            Alloc.Replace("tid=0x0", "tid=0x9", StringComparison.Ordinal),
            "2026-11-26 12:56:11.753 DEBUG [kea-dhcp4.packets/1.2] DHCP4_PACKET_SEND [hwtype=1 00:0c:01:02:03:04], cid=[01:00:0c:01:02:03:04], tid=0x9: trying to send packet DHCPACK (type 5) from 10.77.0.1:67 to 10.77.0.2:67 on interface veth-srv");

        Assert.Equal([DhcpMessageKind.Request, DhcpMessageKind.Ack], sink.Events.Select(e => e.Kind));
        Assert.All(sink.Events, e => Assert.Equal("10.77.0.2", e.Via));
        Assert.Equal("7", sink.Events[1].Subnet);
    }

    [Fact]
    public void An_ack_without_a_lease_line_counts_from_the_sent_packet()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Kea,
            "2026-11-26 12:56:11.753 DEBUG [kea-dhcp4.packets/1.2] DHCP4_PACKET_SEND [hwtype=1 00:0c:01:02:03:04], cid=[no info], tid=0x3: trying to send packet DHCPACK (type 5) from 127.0.0.1:6767 to 127.0.0.2:6768 on interface lo",
            "2026-11-26 12:56:11.754 DEBUG [kea-dhcp4.packets/1.2] DHCP4_PACKET_SEND [hwtype=1 00:0c:01:02:03:05], cid=[no info], tid=0x4: trying to send packet DHCPNAK (type 6) from 127.0.0.1:6767 to 127.0.0.2:6768 on interface lo");

        Assert.Equal([DhcpMessageKind.Ack, DhcpMessageKind.Nak], sink.Events.Select(e => e.Kind));
    }

    [Fact]
    public void Three_warnings_of_one_failed_allocation_count_once_and_a_retry_later_counts_again()
    {
        static string Fail(string time, string id, string text) =>
            $"2026-11-26 12:56:{time} WARN  [kea-dhcp4.alloc-engine/1.2] {id} [hwtype=1 02:00:00:00:05:04], cid=[no info], tid=0x5: {text}";
        var sink = RecordingSink.Parse(DhcpLogFormat.Kea,
            Fail("11.001", "ALLOC_ENGINE_V4_ALLOC_FAIL_SUBNET", "failed to allocate an IPv4 lease in the subnet 10.78.0.0/24, subnet-id 2, shared network (none)"),
            Fail("11.001", "ALLOC_ENGINE_V4_ALLOC_FAIL", "failed to allocate an IPv4 address after 3 attempt(s)"),
            Fail("11.002", "ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES", "Failed to allocate an IPv4 address for client with classes: ALL, UNKNOWN"),
            Fail("15.002", "ALLOC_ENGINE_V4_ALLOC_FAIL_SUBNET", "failed to allocate an IPv4 lease in the subnet 10.78.0.0/24, subnet-id 2, shared network (none)"));

        Assert.Equal(2, sink.Events.Count);
        Assert.All(sink.Events, e => Assert.Equal(("2", DhcpMessageKind.AllocationFailed), (e.Subnet, e.Kind)));
    }

    [Fact]
    public void Decline_reads_the_client_label_inside_the_text()
    {
        var e = Assert.Single(RecordingSink.Parse(DhcpLogFormat.Kea,
            "2026-11-26 14:48:22.100 INFO  [kea-dhcp4.leases/1.2] DHCP4_DECLINE_LEASE Received DHCPDECLINE for addr 10.77.1.18 from client [hwtype=1 02:00:00:00:01:13], cid=[01:02:00:00:00:01:13], tid=0x1001b. The lease will be unavailable for 86400 seconds.").Events);

        Assert.Equal((DhcpMessageKind.Decline, "10.77.1.18", "02:00:00:00:01:13"), (e.Kind, e.Ip, e.Mac));
    }

    [Fact]
    public void Dhcpv6_lines_for_address_and_prefix_of_one_reply_are_one_ack()
    {
        const string Label = "duid=[00:01:00:01:32:9b:03:4e:02:00:00:00:06:00], [hwtype=1 02:00:00:00:06:00], tid=0x5d3e";
        var sink = RecordingSink.Parse(DhcpLogFormat.Kea,
            $"2026-11-26 14:50:01.100 INFO  [kea-dhcp6.leases/1.2] DHCP6_LEASE_ALLOC {Label}: lease for address 2001:db8:77::1000 and iaid=1 has been allocated for 4000 seconds",
            $"2026-11-26 14:50:01.100 INFO  [kea-dhcp6.leases/1.2] DHCP6_PD_LEASE_ALLOC {Label}: lease for prefix 2001:db8:7700::/56 and iaid=1 has been allocated for 4000 seconds",
            $"2026-11-26 14:50:01.101 DEBUG [kea-dhcp6.packets/1.2] DHCP6_PACKET_SEND {Label}: trying to send packet REPLY (type 7) from [fe80::1]:547 to [fe80::2]:546 on interface eth0");

        var e = Assert.Single(sink.Events);
        Assert.Equal((DhcpMessageKind.Ack, "2001:db8:77::1000", 4000L), (e.Kind, e.Ip, e.Lease));
    }

    [Theory]
    [InlineData("2026-13-26 12:56:11.752 INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC x", UnparsedReason.BadTimestamp)]
    [InlineData("2026-02-30 12:56:11.752 INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC x", UnparsedReason.BadTimestamp)]
    [InlineData("2026-11-26 12:56:11.752 INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC [hwtype=1 zz:0c:01:02:03:04], tid=0x0: lease 10.77.1.0 has been allocated for 3600 seconds", UnparsedReason.MalformedMessage)]
    [InlineData("2026-11-26 12:56:11.752 INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC [hwtype=1 00:0c:01:02:03:04], tid=0x0: lease 10.77.1.300 has been allocated for 3600 seconds", UnparsedReason.MalformedMessage)]
    [InlineData("  type=051, len=004: 3600 (uint32)", UnparsedReason.PacketDump)]
    [InlineData("garbage", UnparsedReason.NotALogLine)]
    public void Bad_lines_are_counted_by_reason(string line, UnparsedReason reason)
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Kea, line);

        Assert.Empty(sink.Events);
        Assert.Equal(reason, Assert.Single(sink.Unparsed));
    }

    [Fact]
    public void Unknown_message_ids_are_recognized_non_events()
    {
        var (sink, parser) = RecordingSink.Create(DhcpLogFormat.Kea);
        parser.Parse("2026-11-26 12:56:11.750 INFO  [kea-dhcp4.dhcp4/1.2] DHCP4_STARTED Kea DHCPv4 server version 2.2.0 started"u8, 1);

        Assert.Empty(sink.Events);
        Assert.Empty(sink.Unparsed);
        Assert.Equal(1, parser.NonEventLines);
    }
}
