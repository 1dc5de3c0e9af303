using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// A DHCPv6 prefix-delegation pool: Kea's <c>pd-pools</c> entry (prefix/prefix-len cut into delegated-len prefixes) or
/// dhcpd's <c>prefix6 A B /len</c> (the delegated-len prefixes whose start lies in [A, B]).
/// </summary>
public sealed class PrefixDelegationPool
{
    private readonly UInt128 _first;
    private readonly UInt128 _end;

    internal PrefixDelegationPool(UInt128 firstPrefix, UInt128 lastPrefix, int delegatedLength, IPNetwork? prefix, ConfigLocation location)
    {
        var hostBits = 128 - delegatedLength;
        _first = firstPrefix;
        _end = lastPrefix | (hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1);
        First = IpMath.ToAddress(firstPrefix, AddressFamily.InterNetworkV6);
        Last = IpMath.ToAddress(lastPrefix, AddressFamily.InterNetworkV6);
        DelegatedLength = delegatedLength;
        Prefix = prefix;
        var count = hostBits >= 128 ? IpMath.Count(firstPrefix, lastPrefix) : IpMath.Count(firstPrefix >> hostBits, lastPrefix >> hostBits);
        PrefixCount = count;
        Location = location;
    }

    /// <summary>Kea's prefix and prefix-len; null for dhcpd's prefix6, which names a start and an end.</summary>
    public IPNetwork? Prefix { get; }

    /// <summary>Start of the first delegable prefix.</summary>
    public IPAddress First { get; }

    /// <summary>Start of the last delegable prefix.</summary>
    public IPAddress Last { get; }

    /// <summary>Length of each delegated prefix (Kea's delegated-len, dhcpd's /len).</summary>
    public int DelegatedLength { get; }

    /// <summary>How many prefixes can be delegated: 2^(delegated-len - prefix-len) for Kea. Saturates at UInt128.MaxValue.</summary>
    public UInt128 PrefixCount { get; }

    public ConfigLocation Location { get; }

    public DhcpSubnet Subnet { get; internal set; } = null!;

    internal UInt128 FirstValue => _first;

    internal UInt128 EndValue => _end;

    /// <summary>True when <paramref name="address"/> (e.g. a delegated prefix's start) lies inside the pool.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var value = IpMath.ToUInt128(address);
        return value >= _first && value <= _end;
    }

    public override string ToString() => Prefix is { } p ? $"{p} -> /{DelegatedLength}" : $"{First}-{Last} /{DelegatedLength}";
}
