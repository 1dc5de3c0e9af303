using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Addresses as unsigned integers: an IPv4 address is its 32-bit value, an IPv6 address its 128-bit value.
/// Conversions go through a stack buffer, so comparing an <see cref="IPAddress"/> with a range allocates nothing.
/// </summary>
internal static class IpMath
{
    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return 0;
        }

        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, value);
        return new IPAddress(v6);
    }

    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>The first and last address of a prefix, as integers.</summary>
    public static (UInt128 First, UInt128 Last) Bounds(IPNetwork network) => Bounds(network.BaseAddress, network.PrefixLength);

    /// <summary>
    /// The first and last address of the prefix of length <paramref name="prefixLength"/> that holds <paramref name="address"/>.
    /// </summary>
    public static (UInt128 First, UInt128 Last) Bounds(IPAddress address, int prefixLength)
    {
        var hostBits = Bits(address.AddressFamily) - prefixLength;
        var span = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var first = ToUInt128(address) & ~span;
        return (first, first | span);
    }

    /// <summary>2^bits, or <see cref="UInt128.MaxValue"/> when it does not fit (a whole IPv6 space).</summary>
    public static UInt128 PowerOfTwo(int bits) => bits >= 128 ? UInt128.MaxValue : UInt128.One << bits;

    /// <summary>last - first + 1, saturating at <see cref="UInt128.MaxValue"/>.</summary>
    public static UInt128 Count(UInt128 first, UInt128 last) => last - first == UInt128.MaxValue ? UInt128.MaxValue : last - first + 1;

    public static UInt128 SaturatingAdd(UInt128 a, UInt128 b) => UInt128.MaxValue - a < b ? UInt128.MaxValue : a + b;

    /// <summary>Parses "a.b.c.d" or an IPv6 literal; an address with a zone or scope (fe80::1%eth0) is refused.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.IsEmpty || text.Contains('%') || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        // IPAddress.TryParse accepts "1" or "10.1" as IPv4 shorthand; configs always write four octets.
        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count('.') != 3)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Parses "prefix/len" and requires the host bits to be zero.</summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network, out string? error)
    {
        network = default;
        error = null;
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            error = "expected PREFIX/LENGTH";
            return false;
        }

        if (!TryParseAddress(text[..slash].Trim(), out var address))
        {
            error = $"'{text[..slash].Trim()}' is not an IP address";
            return false;
        }

        var lengthText = text[(slash + 1)..].Trim();
        if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length > Bits(address.AddressFamily))
        {
            error = $"'{lengthText}' is not a prefix length for {(address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}";
            return false;
        }

        var (first, _) = Bounds(address, length);
        if (first != ToUInt128(address))
        {
            error = $"'{text.Trim()}' has bits set after the prefix length";
            return false;
        }

        network = new IPNetwork(address, length);
        return true;
    }

    /// <summary>The number of leading one bits of an IPv4 netmask, or -1 when the mask is not contiguous.</summary>
    public static int MaskLength(IPAddress mask)
    {
        var value = (uint)ToUInt128(mask);
        var length = System.Numerics.BitOperations.LeadingZeroCount(~value);
        var expected = length == 0 ? 0u : uint.MaxValue << (32 - length);
        return value == expected ? length : -1;
    }
}
