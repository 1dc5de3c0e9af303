using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Server.Storage;

/// <summary>An address as 16 big-endian bytes (IPv4 mapped into IPv6): byte order is numeric order on both databases.</summary>
internal static class AddressKey
{
    public static byte[] Of(IPAddress address)
    {
        var key = new byte[16];
        var v6 = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        v6.TryWriteBytes(key, out _);
        return key;
    }

    /// <summary>The first and last key of a network, for "every lease in 10.0.0.0/22".</summary>
    public static (byte[] First, byte[] Last) Range(IPNetwork network)
    {
        var first = Of(network.BaseAddress);
        var last = (byte[])first.Clone();
        var hostBits = (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) - network.PrefixLength;
        for (var bit = 0; bit < hostBits; bit++)
        {
            last[15 - (bit / 8)] |= (byte)(1 << (bit % 8));
        }

        return (first, last);
    }
}
