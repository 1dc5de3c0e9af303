using PacketGuide.Dhcp.Parsing;
using System.Text;

namespace PacketGuide.Dhcp.Tests.Parsing;

public sealed class DhcpdAndSyslogTests
{
    [Theory]
    [InlineData("DHCPDISCOVER from 00:0c:01:02:03:04 (host-1) via 10.77.0.2", DhcpMessageKind.Discover, null, "host-1")]
    [InlineData("DHCPOFFER on 10.77.1.0 to 00:0c:01:02:03:04 (host-1) via 10.77.0.2", DhcpMessageKind.Offer, "10.77.1.0", "host-1")]
    [InlineData("DHCPREQUEST for 10.77.1.0 (10.77.0.1) from 00:0c:01:02:03:04 via 10.77.0.2", DhcpMessageKind.Request, "10.77.1.0", null)]
    [InlineData("DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 (a host) via 10.77.0.2", DhcpMessageKind.Ack, "10.77.1.0", "a host")]
    [InlineData("DHCPACK to 10.77.0.2 (00:0c:01:02:03:04) via eth0", DhcpMessageKind.Ack, null, null)] // an INFORM's ACK: no lease, no address
    [InlineData("DHCPNAK on 192.0.2.10 to 00:0c:01:02:03:04 via 10.77.0.2", DhcpMessageKind.Nak, "192.0.2.10", null)]
    [InlineData("DHCPRELEASE of 10.77.1.7 from 00:0c:01:02:03:04 via 10.77.0.2 (found)", DhcpMessageKind.Release, "10.77.1.7", null)]
    [InlineData("DHCPDECLINE of 10.77.1.18 from 00:0c:01:02:03:04 (host-19) via 10.77.0.2: abandoned", DhcpMessageKind.Decline, "10.77.1.18", "host-19")]
    [InlineData("DHCPREQUEST for 192.0.2.10 from 00:0c:01:02:03:04 via 10.77.0.2: wrong network.", DhcpMessageKind.Request, "192.0.2.10", null)]
    public void Dhcpd_message_shapes(string line, DhcpMessageKind kind, string? ip, string? hostname)
    {
        var e = Assert.Single(RecordingSink.Parse(DhcpLogFormat.Dhcpd, line).Events);

        Assert.Equal((kind, ip, hostname), (e.Kind, e.Ip, e.Hostname));
        Assert.Equal("00:0c:01:02:03:04", e.Mac);
        Assert.Null(e.Time);
    }

    [Fact]
    public void Dhcpd_inform_has_no_mac_and_no_free_leases_is_discover_plus_failure()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Dhcpd,
            "DHCPINFORM from 10.77.0.2 via 10.77.0.2",
            "DHCPDISCOVER from 02:00:00:00:05:04 via 10.78.0.2: network 10.78.0.0/24: no free leases");

        Assert.Equal([DhcpMessageKind.Inform, DhcpMessageKind.Discover, DhcpMessageKind.AllocationFailed], sink.Events.Select(e => e.Kind));
        Assert.Null(sink.Events[0].Mac);
        Assert.Equal("10.78.0.0/24", sink.Events[2].Subnet);
    }

    [Fact]
    public void Syslog_layouts_give_time_and_host()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Dhcpd,
            "Nov 26 12:56:11 dhcp-a dhcpd[8901]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2",
            "<30>1 2026-11-26T12:56:11.123456+01:00 dhcp-b dhcpd 8901 - -  DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2",
            "2026-11-26T12:56:11+0000 dhcp-c dhcpd[8901]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2");

        Assert.Equal(["dhcp-a", "dhcp-b", "dhcp-c"], sink.Events.Select(e => e.Server));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 56, 11, TimeSpan.Zero), sink.Events[0].Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 56, 11, 123, TimeSpan.FromHours(1)).AddTicks(4560), sink.Events[1].Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 56, 11, TimeSpan.Zero), sink.Events[2].Time);
    }

    [Fact]
    public void Rfc3164_year_comes_from_the_file_time_and_december_lines_read_in_january_are_last_year()
    {
        var (sink, parser) = RecordingSink.Create(reference: new DateTime(2027, 1, 2, 8, 0, 0));
        parser.Parse("Dec 31 23:59:59 h dhcpd[1]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2"u8, 1);
        parser.Parse("Jan  2 07:00:00 h dhcpd[1]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2"u8, 2);

        Assert.Equal(2026, sink.Events[0].Time!.Value.Year);
        Assert.Equal(2027, sink.Events[1].Time!.Value.Year);
    }

    [Fact]
    public void Feb_29_in_a_year_without_it_is_a_bad_timestamp()
    {
        var (sink, parser) = RecordingSink.Create(year: 2026);
        parser.Parse("Feb 29 12:00:00 h dhcpd[1]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2"u8, 1);

        Assert.Equal(UnparsedReason.BadTimestamp, Assert.Single(sink.Unparsed));
    }

    [Fact]
    public void A_date_whose_offset_leaves_the_calendar_is_a_bad_timestamp_not_a_crash()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Dhcpd,
            "0001-01-01T00:00:00+14:00 h dhcpd[1]: DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 via 10.77.0.2");

        Assert.Equal(UnparsedReason.BadTimestamp, Assert.Single(sink.Unparsed));
    }

    [Fact]
    public void Lines_of_other_programs_are_counted_not_dropped()
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Dhcpd, "Nov 26 12:56:11 host sshd[1]: Accepted publickey for root");

        Assert.Equal(UnparsedReason.OtherProgram, Assert.Single(sink.Unparsed));
    }

    [Theory]
    [InlineData("DHCPACK on 10.77.1.0 to 00:0c:01:02:03 via 10.77.0.2")]
    [InlineData("DHCPACK on 10.77.1 to 00:0c:01:02:03:04 via 10.77.0.2")]
    [InlineData("DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04")]
    [InlineData("DHCPACK on 10.77.1.0 to 00:0c:01:02:03:04 (unterminated via 10.77.0.2")]
    public void Malformed_dhcpd_messages_are_unparsed(string line)
    {
        var sink = RecordingSink.Parse(DhcpLogFormat.Dhcpd, line);

        Assert.Empty(sink.Events);
        Assert.Equal(UnparsedReason.MalformedMessage, Assert.Single(sink.Unparsed));
    }

    [Fact]
    public void Control_bytes_and_invalid_utf8_are_binary()
    {
        var (sink, parser) = RecordingSink.Create();
        parser.Parse([0x00, 0xff, 0xfe, (byte)'D', (byte)'H'], 1);
        parser.Parse(Encoding.Latin1.GetBytes("DHCPFOO \u00e9\u00e9"), 2);

        Assert.Equal([UnparsedReason.Binary, UnparsedReason.Binary], sink.Unparsed);
    }
}
