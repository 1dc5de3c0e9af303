using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// A dynamic address range of a subnet: Kea's <c>"pool": "A - B"</c> or <c>"P/len"</c>, dhcpd's <c>range</c> and
/// <c>range6</c>. Both ends are inclusive; a prefix pool counts every address in it, network and broadcast included,
/// exactly as Kea does.
/// </summary>
public sealed class AddressPool
{
    private readonly UInt128 _first;
    private readonly UInt128 _last;

    internal AddressPool(UInt128 first, UInt128 last, AddressFamily family, ConfigLocation location)
    {
        _first = first;
        _last = last;
        Family = family;
        First = IpMath.ToAddress(first, family);
        Last = IpMath.ToAddress(last, family);
        Size = IpMath.Count(first, last);
        Location = location;
    }

    public AddressFamily Family { get; }

    public IPAddress First { get; }

    public IPAddress Last { get; }

    /// <summary>Number of addresses (last - first + 1); an IPv6 /64 pool has 2^64. Saturates at UInt128.MaxValue.</summary>
    public UInt128 Size { get; }

    /// <summary>Where the pool was defined (file:line, or the JSON path for a config-get answer).</summary>
    public ConfigLocation Location { get; }

    /// <summary>The subnet the pool belongs to (set when the subnet is built).</summary>
    public DhcpSubnet Subnet { get; internal set; } = null!;

    internal UInt128 FirstValue => _first;

    internal UInt128 LastValue => _last;

    /// <summary>True when <paramref name="address"/> lies in [First, Last]; no allocation (compares integers).</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        if (written == 4)
        {
            if (Family != AddressFamily.InterNetwork)
            {
                return false;
            }

            var v4 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            return v4 >= (uint)_first && v4 <= (uint)_last;
        }

        if (Family != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return v6 >= _first && v6 <= _last;
    }

    public override string ToString() => $"{First}-{Last}";
}
