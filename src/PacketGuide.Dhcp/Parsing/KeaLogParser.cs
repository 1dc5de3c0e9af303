namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Parses the body of a Kea DHCPv4/DHCPv6 log line, in Kea's file layout or after a syslog header:
/// <c>INFO  [kea-dhcp4.leases/10564.140496085754368] DHCP4_LEASE_ALLOC [hwtype=1 00:0c:..], cid=[..], tid=0x0: lease ...</c>.
/// One DHCP message becomes one event, however many lines Kea writes about it:
/// <list type="bullet">
/// <item>received DISCOVER/REQUEST/INFORM (SOLICIT/REQUEST/RENEW/REBIND/CONFIRM/INFORMATION-REQUEST) count from
/// <c>*_PACKET_RECEIVED</c> (debuglevel 45); RELEASE and DECLINE count from their outcome lines, which carry the address;</item>
/// <item>offers and acks count from the lease lines (<c>LEASE_ADVERT</c>/<c>LEASE_OFFER</c>, <c>LEASE_ALLOC</c>/<c>REUSE</c>/<c>RENEW</c>),
/// and <c>*_PACKET_SEND</c> only counts when no lease line covered the packet (the ACK to an INFORM) or for NAKs;</item>
/// <item>the three WARN lines of one failed allocation count once; <c>DHCP4_INIT_REBOOT</c> counts as the request only when
/// the received packet was not logged.</item>
/// </list>
/// </summary>
internal sealed class KeaLogParser(Utf8Interner interner, KeaTransactionWindow window)
{
    private readonly KeaTransactionWindow _window = window;

    public LineOutcome Parse(ReadOnlySpan<byte> body, in LineTime time, string server, long line, ILineEventSink sink, bool emit,
        out UnparsedReason reason)
    {
        reason = UnparsedReason.NotALogLine;

        // SEVERITY, padding, [logger/pid.thread], message id.
        var open = body[..Math.Min(body.Length, 9)].IndexOf((byte)'[');
        if (open < 4 || !IsSeverity(body[..open].Trim((byte)' ')))
        {
            return LineOutcome.Unparsed;
        }

        // The logger name has no ']', so the first one after '[' normally closes it.
        var close = body[open..].IndexOf((byte)']') + open;
        if (close < open || close + 1 >= body.Length || body[close + 1] != ' ')
        {
            var after = close < open ? -1 : body[close..].IndexOf("] "u8);
            if (after < 0)
            {
                return LineOutcome.Unparsed;
            }

            close += after;
        }

        var logger = body[(open + 1)..close];
        var rest = body[(close + 2)..];
        var idEnd = rest.IndexOf((byte)' ');
        var id = idEnd < 0 ? rest : rest[..idEnd];
        var message = KeaMessageTable.Lookup(id);
        if (message == KeaMessage.None)
        {
            return LineOutcome.NonEvent;
        }

        reason = UnparsedReason.MalformedMessage;
        if (idEnd < 0)
        {
            return LineOutcome.Unparsed;
        }

        var text = rest[(idEnd + 1)..];
        var v6 = id.StartsWith("DHCP6"u8) || id.StartsWith("ALLOC_ENGINE_V6"u8) || logger.StartsWith("kea-dhcp6"u8);
        return message switch
        {
            KeaMessage.Decline4 => Decline4(text, time, server, line, sink, emit),
            KeaMessage.Decline6 => Decline6(text, time, server, line, sink, emit),
            _ => Labelled(message, text, v6, time, server, line, sink, emit),
        };
    }

    private LineOutcome Labelled(KeaMessage message, ReadOnlySpan<byte> text, bool v6, in LineTime time, string server, long line,
        ILineEventSink sink, bool emit)
    {
        var used = KeaClientLabel.Parse(text, out var label);
        if (used < 0)
        {
            return LineOutcome.Unparsed;
        }

        var colon = used + 1 < text.Length && text[used] == ':' && text[used + 1] == ' ' ? 0 : text[used..].IndexOf(": "u8);
        if (colon < 0)
        {
            return LineOutcome.Unparsed;
        }

        var detail = text[(used + colon + 2)..];
        var key = label.ClientKey;
        ref var tx = ref _window.For(label.Tid, key, time.UtcTicks);
        var e = default(LineEvent);
        Start(ref e, label, time, server, line);
        switch (message)
        {
            case KeaMessage.SubnetSelected:
            {
                var subnet = Utf8Text.TokenAfter(detail, "subnet with ID "u8);
                if (!Utf8Text.TryParseNonNegative(subnet, out _))
                {
                    return LineOutcome.Unparsed;
                }

                tx.Subnet = interner.Intern(subnet);
                return LineOutcome.NonEvent;
            }

            case KeaMessage.PacketReceived:
                return Received(ref tx, ref e, detail, v6, time, sink, emit);

            case KeaMessage.PacketSend:
                return Sent(ref tx, ref e, detail, v6, time, sink, emit);

            case KeaMessage.InitReboot:
            {
                e.Kind = DhcpMessageKind.Request;
                e.Ip = Utf8Text.TokenAfter(detail, "requests address "u8);
                if (!Utf8Text.IsIp(e.Ip))
                {
                    return LineOutcome.Unparsed;
                }

                if (Within(tx.ReceivedRequest, time))
                {
                    return LineOutcome.NonEvent;
                }

                return Deliver(ref tx, ref e, sink, emit);
            }

            case KeaMessage.Offer:
            case KeaMessage.Ack:
            case KeaMessage.Release:
            case KeaMessage.DeclineFail:
            case KeaMessage.Reclaim:
            {
                e.Kind = message switch
                {
                    KeaMessage.Offer => DhcpMessageKind.Offer,
                    KeaMessage.Ack => DhcpMessageKind.Ack,
                    KeaMessage.Release => DhcpMessageKind.Release,
                    KeaMessage.DeclineFail => DhcpMessageKind.Decline,
                    _ => DhcpMessageKind.Expire,
                };
                e.Ip = FirstAddress(detail, v6);
                if (e.Ip.IsEmpty)
                {
                    return LineOutcome.Unparsed;
                }

                e.LeaseSeconds = SecondsBefore(detail);
                return Detail(ref tx, ref e, time, sink, emit);
            }

            case KeaMessage.AllocationFailedSubnet:
            {
                var subnet = Utf8Text.TokenAfter(detail, "subnet-id "u8).TrimEnd((byte)',');
                if (Utf8Text.TryParseNonNegative(subnet, out _))
                {
                    tx.Subnet = interner.Intern(subnet);
                }

                e.Kind = DhcpMessageKind.AllocationFailed;
                return Detail(ref tx, ref e, time, sink, emit);
            }

            default:
                e.Kind = DhcpMessageKind.AllocationFailed;
                return Detail(ref tx, ref e, time, sink, emit);
        }
    }

    private LineOutcome Received(ref KeaTransactionWindow.Entry tx, ref LineEvent e, ReadOnlySpan<byte> detail, bool v6,
        in LineTime time, ILineEventSink sink, bool emit)
    {
        // "DHCPDISCOVER (type 1) received from 10.77.0.2 to 10.77.0.1 on interface veth-srv"
        var type = Utf8Text.Token(detail);
        var from = Utf8Text.TokenAfter(detail, " received from "u8);
        var iface = Utf8Text.TokenAfter(detail, " on interface "u8);
        if (type.IsEmpty || from.IsEmpty)
        {
            return LineOutcome.Unparsed;
        }

        var relay = from.SequenceEqual("0.0.0.0"u8) || from.StartsWith("fe80:"u8) || iface.IsEmpty ? iface : from;
        if (!relay.IsEmpty)
        {
            tx.Via = interner.Intern(relay);
        }

        DhcpMessageKind kind;
        if (!v6)
        {
            switch (type)
            {
                case var t when t.SequenceEqual("DHCPDISCOVER"u8): kind = DhcpMessageKind.Discover; break;
                case var t when t.SequenceEqual("DHCPREQUEST"u8): kind = DhcpMessageKind.Request; break;
                case var t when t.SequenceEqual("DHCPINFORM"u8): kind = DhcpMessageKind.Inform; break;
                default: return LineOutcome.NonEvent; // RELEASE/DECLINE count from their outcome lines.
            }
        }
        else
        {
            switch (type)
            {
                case var t when t.SequenceEqual("SOLICIT"u8): kind = DhcpMessageKind.Discover; break;
                case var t when t.SequenceEqual("REQUEST"u8) || t.SequenceEqual("RENEW"u8) || t.SequenceEqual("REBIND"u8)
                    || t.SequenceEqual("CONFIRM"u8):
                    kind = DhcpMessageKind.Request;
                    break;
                case var t when t.SequenceEqual("INFORMATION_REQUEST"u8) || t.SequenceEqual("INFORMATION-REQUEST"u8):
                    kind = DhcpMessageKind.Inform;
                    break;
                default: return LineOutcome.NonEvent;
            }
        }

        if (kind == DhcpMessageKind.Request)
        {
            tx.ReceivedRequest = time.UtcTicks;
        }

        e.Kind = kind;
        return Deliver(ref tx, ref e, sink, emit);
    }

    private static LineOutcome Sent(ref KeaTransactionWindow.Entry tx, ref LineEvent e, ReadOnlySpan<byte> detail, bool v6, in LineTime time,
        ILineEventSink sink, bool emit)
    {
        // "trying to send packet DHCPOFFER (type 2) from 10.77.0.1:67 to 10.77.0.2:67 on interface veth-srv"
        var type = Utf8Text.TokenAfter(detail, "send packet "u8);
        if (type.IsEmpty)
        {
            return LineOutcome.Unparsed;
        }

        DhcpMessageKind kind;
        if (!v6 && type.SequenceEqual("DHCPOFFER"u8))
        {
            kind = DhcpMessageKind.Offer;
        }
        else if (!v6 && type.SequenceEqual("DHCPACK"u8))
        {
            kind = DhcpMessageKind.Ack;
        }
        else if (!v6 && type.SequenceEqual("DHCPNAK"u8))
        {
            kind = DhcpMessageKind.Nak;
        }
        else if (v6 && type.SequenceEqual("ADVERTISE"u8))
        {
            kind = DhcpMessageKind.Offer;
        }
        else
        {
            // A DHCPv6 REPLY is an ack only when it carries a lease, which the lease lines already counted.
            return LineOutcome.NonEvent;
        }

        if (kind != DhcpMessageKind.Nak && Within(KeaTransactionWindow.Entry.DetailTime(ref tx, kind), time))
        {
            return LineOutcome.NonEvent;
        }

        e.Kind = kind;
        return Deliver(ref tx, ref e, sink, emit);
    }

    private LineOutcome Decline4(ReadOnlySpan<byte> text, in LineTime time, string server, long line, ILineEventSink sink, bool emit)
    {
        // "Received DHCPDECLINE for addr 10.77.1.5 from client [hwtype=1 ..], cid=[..], tid=0x5. The lease will be ..."
        var ip = Utf8Text.TokenAfter(text, "for addr "u8);
        var at = text.IndexOf("from client "u8);
        if (!Utf8Text.IsIPv4(ip) || at < 0)
        {
            return LineOutcome.Unparsed;
        }

        return DeclineWithLabel(text[(at + 12)..], ip, time, server, line, sink, emit);
    }

    private LineOutcome Decline6(ReadOnlySpan<byte> text, in LineTime time, string server, long line, ILineEventSink sink, bool emit)
    {
        // "Client duid=[..], [no hwaddr info], tid=0x1 sent DECLINE for address 2001:db8::5 and the server marked it ..."
        if (!Utf8Text.TrySkip(ref text, "Client "u8))
        {
            return LineOutcome.Unparsed;
        }

        var ip = Utf8Text.TokenAfter(text, "for address "u8).TrimEnd((byte)',');
        return Utf8Text.IsIPv6(ip) ? DeclineWithLabel(text, ip, time, server, line, sink, emit) : LineOutcome.Unparsed;
    }

    private LineOutcome DeclineWithLabel(ReadOnlySpan<byte> labelText, ReadOnlySpan<byte> ip, in LineTime time, string server, long line,
        ILineEventSink sink, bool emit)
    {
        if (KeaClientLabel.Parse(labelText, out var label) < 0)
        {
            return LineOutcome.Unparsed;
        }

        ref var tx = ref _window.For(label.Tid, label.ClientKey, time.UtcTicks);
        var e = default(LineEvent);
        Start(ref e, label, time, server, line);
        e.Kind = DhcpMessageKind.Decline;
        e.Ip = ip;
        return Detail(ref tx, ref e, time, sink, emit);
    }

    /// <summary>A line that states an outcome; counts unless a line about the same packet already counted this kind.</summary>
    private static LineOutcome Detail(ref KeaTransactionWindow.Entry tx, ref LineEvent e, in LineTime time, ILineEventSink sink, bool emit)
    {
        ref var last = ref KeaTransactionWindow.Entry.DetailTime(ref tx, e.Kind);
        if (Within(last, time))
        {
            if (emit && !e.Ip.IsEmpty && e.Kind is DhcpMessageKind.Ack or DhcpMessageKind.Release or DhcpMessageKind.Decline or DhcpMessageKind.Expire)
            {
                e.Subnet ??= tx.Subnet;
                e.Via ??= tx.Via;
                sink.OnAdditionalLease(e);
            }

            return LineOutcome.NonEvent;
        }

        last = time.UtcTicks;
        return Deliver(ref tx, ref e, sink, emit);
    }

    private static LineOutcome Deliver(ref KeaTransactionWindow.Entry tx, ref LineEvent e, ILineEventSink sink, bool emit)
    {
        e.Subnet ??= tx.Subnet;
        e.Via ??= tx.Via;
        if (emit)
        {
            sink.OnEvent(e);
        }

        return LineOutcome.Event;
    }

    private static bool Within(long last, in LineTime time) =>
        last != 0 && time.HasTime && Math.Abs(time.UtcTicks - last) <= time.SamePacketTicks;

    /// <summary>Fills in what every event of a labelled line has (in place: copying the struct costs write barriers).</summary>
    private static void Start(ref LineEvent e, in KeaClientLabel label, in LineTime time, string server, long line)
    {
        e.HasTime = time.HasTime;
        e.Time = time.Time;
        e.HasMac = label.HasMac;
        e.Mac = label.Mac;
        e.ClientKey = label.ClientKey;
        e.ClientId = label.Duid.IsEmpty ? label.ClientId : label.Duid;
        e.Server = server;
        e.LeaseSeconds = -1;
        e.Line = line;
    }

    /// <summary>The first token that is an address of the right family (prefixes lose their length; punctuation is trimmed).</summary>
    private static ReadOnlySpan<byte> FirstAddress(ReadOnlySpan<byte> text, bool v6)
    {
        if (!v6)
        {
            return Utf8Text.FirstIPv4Token(text);
        }

        while (!text.IsEmpty)
        {
            var token = Utf8Text.Token(text).TrimEnd(".,"u8);
            var slash = token.IndexOf((byte)'/');
            if (slash > 0)
            {
                token = token[..slash];
            }

            if (v6 ? Utf8Text.IsIPv6(token) : Utf8Text.IsIPv4(token))
            {
                return token;
            }

            var space = text.IndexOf((byte)' ');
            if (space < 0)
            {
                break;
            }

            text = text[(space + 1)..];
        }

        return default;
    }

    /// <summary>The number in "... for 3600 seconds", or -1.</summary>
    private static long SecondsBefore(ReadOnlySpan<byte> text)
    {
        var at = text.EndsWith(" seconds"u8) ? text.Length - 8 : text.LastIndexOf(" seconds"u8);
        if (at <= 0)
        {
            return -1;
        }

        var start = text[..at].LastIndexOf((byte)' ');
        return Utf8Text.TryParseNonNegative(text[(start + 1)..at], out var seconds) ? seconds : -1;
    }

    private static bool IsSeverity(ReadOnlySpan<byte> s) =>
        s.SequenceEqual("INFO"u8) || s.SequenceEqual("DEBUG"u8) || s.SequenceEqual("WARN"u8) || s.SequenceEqual("ERROR"u8)
        || s.SequenceEqual("FATAL"u8);
}
