using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace PacketGuide.DhcpTestClient;

/// <summary>Byte-level BOOTP/DHCPv4 encoding (RFC 2131, RFC 2132) of relayed client messages and server replies.</summary>
internal static class DhcpPacket
{
    private const int FixedHeaderLength = 236;
    private const int OptionsOffset = FixedHeaderLength + 4;
    private const uint MagicCookie = 0x63825363;

    private const byte OptionPad = 0;
    private const byte OptionHostName = 12;
    private const byte OptionRequestedAddress = 50;
    private const byte OptionLeaseTime = 51;
    private const byte OptionMessageType = 53;
    private const byte OptionServerIdentifier = 54;
    private const byte OptionParameterRequestList = 55;
    private const byte OptionMessage = 56;
    private const byte OptionClientIdentifier = 61;
    private const byte OptionEnd = 255;

    private const byte BootRequest = 1;
    private const byte BootReply = 2;
    private const byte HardwareTypeEthernet = 1;

    /// <summary>Subnet mask, router, DNS servers, domain name, lease time, server id.</summary>
    private static ReadOnlySpan<byte> ParameterRequestList => [1, 3, 6, 15, 51, 54];

    /// <summary>Encodes a client message as a relay agent (hops = 1, giaddr set) would forward it.</summary>
    public static byte[] Encode(DhcpOutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mac = message.ClientHardwareAddress.GetAddressBytes();
        if (mac.Length != 6)
        {
            throw new ArgumentException("Only 6-octet Ethernet addresses are supported.", nameof(message));
        }

        var buffer = new byte[576];
        var span = buffer.AsSpan();
        span[0] = BootRequest;
        span[1] = HardwareTypeEthernet;
        span[2] = (byte)mac.Length;
        span[3] = 1; // hops: one relay agent
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], message.TransactionId);
        // secs (8..9) and flags (10..11) stay 0: unicast replies to the relay.
        WriteAddress(span[12..], message.ClientAddress ?? IPAddress.Any);
        // yiaddr (16..19) and siaddr (20..23) are 0 in client messages.
        WriteAddress(span[24..], message.RelayAddress);
        mac.CopyTo(span[28..]);
        // sname (44..107) and file (108..235) stay empty.
        BinaryPrimitives.WriteUInt32BigEndian(span[FixedHeaderLength..], MagicCookie);

        var offset = OptionsOffset;
        span[offset++] = OptionMessageType;
        span[offset++] = 1;
        span[offset++] = (byte)message.MessageType;

        span[offset++] = OptionClientIdentifier;
        span[offset++] = (byte)(1 + mac.Length);
        span[offset++] = HardwareTypeEthernet;
        mac.CopyTo(span[offset..]);
        offset += mac.Length;

        if (message.RequestedAddress is not null)
        {
            offset = WriteAddressOption(span, offset, OptionRequestedAddress, message.RequestedAddress);
        }

        if (message.ServerIdentifier is not null)
        {
            offset = WriteAddressOption(span, offset, OptionServerIdentifier, message.ServerIdentifier);
        }

        if (!string.IsNullOrEmpty(message.HostName))
        {
            var name = Encoding.ASCII.GetBytes(message.HostName);
            if (name.Length > 63)
            {
                throw new ArgumentException("Host names longer than 63 octets are not supported.", nameof(message));
            }

            span[offset++] = OptionHostName;
            span[offset++] = (byte)name.Length;
            name.CopyTo(span[offset..]);
            offset += name.Length;
        }

        if (message.MessageType is DhcpMessageType.Discover or DhcpMessageType.Request or DhcpMessageType.Inform)
        {
            span[offset++] = OptionParameterRequestList;
            span[offset++] = (byte)ParameterRequestList.Length;
            ParameterRequestList.CopyTo(span[offset..]);
            offset += ParameterRequestList.Length;
        }

        span[offset++] = OptionEnd;

        // Keep the BOOTP minimum of 300 octets (some servers and relays insist on it).
        return buffer.AsSpan(0, Math.Max(offset, 300)).ToArray();
    }

    /// <summary>Parses a server reply. Returns null for anything that is not a well-formed BOOTREPLY.</summary>
    public static DhcpReply? TryDecodeReply(ReadOnlySpan<byte> packet, out PhysicalAddress? clientHardwareAddress)
    {
        clientHardwareAddress = null;
        if (packet.Length < OptionsOffset || packet[0] != BootReply ||
            BinaryPrimitives.ReadUInt32BigEndian(packet[FixedHeaderLength..]) != MagicCookie)
        {
            return null;
        }

        var hlen = Math.Min((int)packet[2], 16);
        clientHardwareAddress = new PhysicalAddress(packet.Slice(28, hlen).ToArray());
        var xid = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var yiaddr = new IPAddress(packet.Slice(16, 4));

        var type = DhcpMessageType.None;
        IPAddress? serverId = null;
        TimeSpan? leaseTime = null;
        string? text = null;

        var offset = OptionsOffset;
        while (offset < packet.Length)
        {
            var code = packet[offset++];
            if (code == OptionPad)
            {
                continue;
            }

            if (code == OptionEnd || offset >= packet.Length)
            {
                break;
            }

            int length = packet[offset++];
            if (offset + length > packet.Length)
            {
                return null;
            }

            var value = packet.Slice(offset, length);
            switch (code)
            {
                case OptionMessageType when length == 1:
                    type = (DhcpMessageType)value[0];
                    break;
                case OptionServerIdentifier when length == 4:
                    serverId = new IPAddress(value);
                    break;
                case OptionLeaseTime when length == 4:
                    leaseTime = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
                    break;
                case OptionMessage:
                    text = Encoding.ASCII.GetString(value);
                    break;
                default:
                    break;
            }

            offset += length;
        }

        return new DhcpReply(xid, type, yiaddr, serverId, leaseTime, text);
    }

    private static void WriteAddress(Span<byte> destination, IPAddress address)
    {
        if (!address.TryWriteBytes(destination[..4], out var written) || written != 4)
        {
            throw new ArgumentException($"Not an IPv4 address: {address}", nameof(address));
        }
    }

    private static int WriteAddressOption(Span<byte> span, int offset, byte code, IPAddress address)
    {
        span[offset++] = code;
        span[offset++] = 4;
        WriteAddress(span[offset..], address);
        return offset + 4;
    }
}
