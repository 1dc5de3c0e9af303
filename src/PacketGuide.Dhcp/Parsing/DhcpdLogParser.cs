namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Parses ISC dhcpd 4.x message lines (the part after any syslog header, or a bare <c>dhcpd -d</c> stderr line):
/// <c>DHCPDISCOVER from 00:0c:01:02:03:04 (host) via 10.77.0.2</c>, <c>DHCPOFFER on 10.77.1.0 to 00:0c:.. via ..</c>,
/// <c>DHCPREQUEST for 10.77.1.0 (10.77.0.1) from ..</c>, <c>DHCPACK on ..</c>, <c>DHCPACK to 10.77.1.9 (mac) via ..</c> (INFORM reply: an ack without an address),
/// <c>DHCPNAK on ..</c>, <c>DHCPRELEASE of .. (found)</c>, <c>DHCPDECLINE of ..</c>, <c>DHCPINFORM from 10.77.1.9 via ..</c>.
/// A DISCOVER that ends in <c>: network N: no free leases</c> is one line for two facts: the discover and an allocation failure.
/// </summary>
internal sealed class DhcpdLogParser(Utf8Interner interner)
{
    public LineOutcome Parse(ReadOnlySpan<byte> body, in LineTime time, string server, long line, ILineEventSink sink, bool emit,
        bool programKnown, out UnparsedReason reason)
    {
        reason = UnparsedReason.MalformedMessage;
        var word = Utf8Text.Token(body);
        if (!word.StartsWith("DHCP"u8) && !word.StartsWith("BOOT"u8))
        {
            reason = UnparsedReason.NotALogLine;
            return programKnown || IsKnownInformational(body) ? LineOutcome.NonEvent : LineOutcome.Unparsed;
        }

        var rest = body[word.Length..];
        var e = new LineEvent { HasTime = time.HasTime, Time = time.Time, Server = server, Line = line, LeaseSeconds = -1 };
        bool ok;
        switch (word)
        {
            case var w when w.SequenceEqual("DHCPDISCOVER"u8):
                e.Kind = DhcpMessageKind.Discover;
                ok = ReadFrom(rest, ref e, out var tail);
                if (ok && tail.IndexOf("no free leases"u8) >= 0)
                {
                    // "...: network 10.77.0.0/22: no free leases" -- the discover, then the failure.
                    Deliver(ref e, sink, emit);
                    var network = Utf8Text.TokenAfter(tail, "network "u8).TrimEnd((byte)':');
                    e.Kind = DhcpMessageKind.AllocationFailed;
                    e.Subnet = network.IsEmpty ? null : interner.Intern(network);
                }

                break;
            case var w when w.SequenceEqual("DHCPOFFER"u8):
                e.Kind = DhcpMessageKind.Offer;
                ok = ReadOnTo(rest, "on "u8, ref e);
                break;
            case var w when w.SequenceEqual("DHCPACK"u8):
                e.Kind = DhcpMessageKind.Ack;
                ok = rest.StartsWith(" to "u8) ? ReadAckToInform(rest, ref e) : ReadOnTo(rest, "on "u8, ref e);
                break;
            case var w when w.SequenceEqual("DHCPNAK"u8):
                e.Kind = DhcpMessageKind.Nak;
                ok = ReadOnTo(rest, "on "u8, ref e);
                break;
            case var w when w.SequenceEqual("DHCPREQUEST"u8):
                e.Kind = DhcpMessageKind.Request;
                ok = ReadRequest(rest, ref e);
                break;
            case var w when w.SequenceEqual("DHCPRELEASE"u8):
                e.Kind = DhcpMessageKind.Release;
                ok = ReadOfFrom(rest, ref e);
                break;
            case var w when w.SequenceEqual("DHCPDECLINE"u8):
                e.Kind = DhcpMessageKind.Decline;
                ok = ReadOfFrom(rest, ref e);
                break;
            case var w when w.SequenceEqual("DHCPINFORM"u8):
                e.Kind = DhcpMessageKind.Inform;
                ok = ReadInform(rest, ref e);
                break;
            case var w when w.SequenceEqual("BOOTREQUEST"u8):
                e.Kind = DhcpMessageKind.Request;
                ok = ReadFrom(rest, ref e, out _);
                break;
            case var w when w.SequenceEqual("BOOTREPLY"u8):
                e.Kind = DhcpMessageKind.Ack;
                ok = ReadBootReply(rest, ref e);
                break;
            case var w when w.SequenceEqual("DHCPLEASEQUERY"u8) || w.SequenceEqual("DHCPLEASEUNASSIGNED"u8)
                || w.SequenceEqual("DHCPLEASEACTIVE"u8) || w.SequenceEqual("DHCPLEASEUNKNOWN"u8):
                return LineOutcome.NonEvent;
            default:
                reason = UnparsedReason.UnknownMessage;
                return LineOutcome.Unparsed;
        }

        if (!ok)
        {
            return LineOutcome.Unparsed;
        }

        Deliver(ref e, sink, emit);
        return LineOutcome.Event;
    }

    private static void Deliver(ref LineEvent e, ILineEventSink sink, bool emit)
    {
        if (emit)
        {
            sink.OnEvent(e);
        }
    }

    // " from MAC [(host) ]via X[: tail]"
    private bool ReadFrom(ReadOnlySpan<byte> rest, ref LineEvent e, out ReadOnlySpan<byte> tail)
    {
        tail = default;
        return Utf8Text.TrySkip(ref rest, " from "u8) && ReadMacHostVia(rest, ref e, out tail);
    }

    // " on IP to MAC [(host) ]via X"
    private bool ReadOnTo(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> lead, ref LineEvent e)
    {
        if (!Utf8Text.TrySkip(ref rest, " "u8) || !Utf8Text.TrySkip(ref rest, lead))
        {
            return false;
        }

        e.Ip = Utf8Text.Token(rest);
        rest = rest[e.Ip.Length..];
        return Utf8Text.IsIPv4(e.Ip) && Utf8Text.TrySkip(ref rest, " to "u8) && ReadMacHostVia(rest, ref e, out _);
    }

    // " of IP from MAC [(host) ]via X[ (found)| : reason]"
    private bool ReadOfFrom(ReadOnlySpan<byte> rest, ref LineEvent e)
    {
        if (!Utf8Text.TrySkip(ref rest, " of "u8))
        {
            return false;
        }

        e.Ip = Utf8Text.Token(rest);
        rest = rest[e.Ip.Length..];
        return Utf8Text.IsIPv4(e.Ip) && Utf8Text.TrySkip(ref rest, " from "u8) && ReadMacHostVia(rest, ref e, out _);
    }

    // " for IP [(SERVER) ]from MAC [(host) ]via X[: reason]"
    private bool ReadRequest(ReadOnlySpan<byte> rest, ref LineEvent e)
    {
        if (!Utf8Text.TrySkip(ref rest, " for "u8))
        {
            return false;
        }

        e.Ip = Utf8Text.Token(rest);
        rest = rest[e.Ip.Length..];
        if (!Utf8Text.IsIPv4(e.Ip))
        {
            return false;
        }

        if (rest.StartsWith(" ("u8))
        {
            var close = rest.IndexOf((byte)')');
            if (close < 0)
            {
                return false;
            }

            rest = rest[(close + 1)..];
        }

        return Utf8Text.TrySkip(ref rest, " from "u8) && ReadMacHostVia(rest, ref e, out _);
    }

    // " from IP via X"
    private bool ReadInform(ReadOnlySpan<byte> rest, ref LineEvent e)
    {
        if (!Utf8Text.TrySkip(ref rest, " from "u8))
        {
            return false;
        }

        e.Ip = Utf8Text.Token(rest);
        rest = rest[e.Ip.Length..];
        return Utf8Text.IsIPv4(e.Ip) && ReadVia(rest, ref e, out _);
    }

    // " to IP (MAC) via X": the reply to a DHCPINFORM. It grants no lease: IP is the client's ciaddr (whatever address it
    // already has), and dhcpd leaves its lease database alone. So, like Kea's ACK to an INFORM, the event has no address,
    // which keeps a lease tracker from taking it for a grant (and from ending the client's real lease in that subnet).
    private bool ReadAckToInform(ReadOnlySpan<byte> rest, ref LineEvent e)
    {
        rest = rest[4..];
        var ciaddr = Utf8Text.Token(rest);
        rest = rest[ciaddr.Length..];
        if (!Utf8Text.IsIPv4(ciaddr) || !Utf8Text.TrySkip(ref rest, " ("u8) || rest.Length < 18 || rest[17] != ')')
        {
            return false;
        }

        if (!SetMac(rest[..17], ref e))
        {
            return false;
        }

        return ReadVia(rest[18..], ref e, out _);
    }

    // " for IP to HOST (MAC) via X"
    private bool ReadBootReply(ReadOnlySpan<byte> rest, ref LineEvent e)
    {
        if (!Utf8Text.TrySkip(ref rest, " for "u8))
        {
            return false;
        }

        e.Ip = Utf8Text.Token(rest);
        var open = rest.IndexOf(" ("u8);
        if (!Utf8Text.IsIPv4(e.Ip) || open < 0 || rest.Length < open + 20 || rest[open + 19] != ')')
        {
            return false;
        }

        return SetMac(rest.Slice(open + 2, 17), ref e) && ReadVia(rest[(open + 20)..], ref e, out _);
    }

    // "MAC [(host) ]via X..."
    private bool ReadMacHostVia(ReadOnlySpan<byte> rest, ref LineEvent e, out ReadOnlySpan<byte> tail)
    {
        tail = default;
        var mac = Utf8Text.Token(rest);
        if (!SetMac(mac, ref e))
        {
            return false;
        }

        rest = rest[mac.Length..];
        if (rest.StartsWith(" ("u8))
        {
            var end = rest.IndexOf(") via "u8);
            if (end < 0)
            {
                return false;
            }

            e.Hostname = rest[2..end];
            rest = rest[(end + 1)..];
        }

        return ReadVia(rest, ref e, out tail);
    }

    private bool ReadVia(ReadOnlySpan<byte> rest, ref LineEvent e, out ReadOnlySpan<byte> tail)
    {
        tail = default;
        if (!Utf8Text.TrySkip(ref rest, " via "u8))
        {
            return false;
        }

        var via = Utf8Text.Token(rest);
        tail = rest[via.Length..];
        via = via.TrimEnd((byte)':');
        if (via.IsEmpty)
        {
            return false;
        }

        e.Via = interner.Intern(via);
        return true;
    }

    private static bool SetMac(ReadOnlySpan<byte> text, ref LineEvent e)
    {
        if (!MacAddress.TryParse(text, out e.Mac))
        {
            return false;
        }

        e.HasMac = true;
        e.ClientKey = ClientKeys.FromMac(e.Mac);
        return true;
    }

    /// <summary>Lines dhcpd prints about itself in a bare stderr log (no program name to go by).</summary>
    private static bool IsKnownInformational(ReadOnlySpan<byte> body) =>
        body.StartsWith("Listening on "u8) || body.StartsWith("Sending on "u8) || body.StartsWith("Server starting service"u8)
        || body.StartsWith("Internet Systems Consortium"u8) || body.StartsWith("Copyright "u8) || body.StartsWith("For info"u8)
        || body.StartsWith("All rights reserved"u8) || body.StartsWith("Config file:"u8) || body.StartsWith("Database file:"u8)
        || body.StartsWith("PID file:"u8) || body.StartsWith("Wrote "u8) || body.StartsWith("Abandoning IP address"u8)
        || body.StartsWith("Reclaiming "u8) || body.StartsWith("uid lease "u8) || body.StartsWith("No subnet declaration"u8)
        || body.StartsWith("Source compiled to use"u8) || body.StartsWith("Ignoring requests on"u8) || body.StartsWith("ICMP Echo"u8)
        || body.StartsWith("Not searching LDAP"u8) || body.StartsWith("Server ready"u8) || body.StartsWith("Shutting down"u8)
        || body.StartsWith("received shutdown"u8) || body.StartsWith("pid "u8) || body.StartsWith("Dynamic and static leases"u8)
        || body.StartsWith("** "u8) || body.StartsWith("If this DHCP server"u8) || body.StartsWith("you want, please write"u8)
        || body.StartsWith("to which interface"u8) || body.StartsWith("This version of ISC DHCP"u8)
        || body.StartsWith("release from "u8) || body.StartsWith("exiting."u8) || body.StartsWith("Trying to"u8)
        || body.StartsWith("Can't "u8) || body.StartsWith("Unable to "u8) || body.StartsWith("Bound to"u8);
}
