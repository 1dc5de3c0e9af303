using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>Collects subnets and pools from either syntax, checks them the way the servers do, and keeps the warnings.</summary>
internal sealed class ConfigBuilder(string source, DhcpServerSoftware software)
{
    private readonly List<DhcpSubnet> _subnets = [];
    private readonly List<ConfigWarning> _warnings = [];
    private readonly List<string> _files = [];

    public int WarningLimit { get; init; } = 1000;

    public void AddFile(string path) => _files.Add(path);

    public void Warn(ConfigLocation location, string message)
    {
        if (_warnings.Count < WarningLimit)
        {
            _warnings.Add(new ConfigWarning(location, message));
        }
        else if (_warnings.Count == WarningLimit)
        {
            _warnings.Add(new ConfigWarning(location, $"more than {WarningLimit} warnings; the rest are not listed"));
        }
    }

    /// <summary>
    /// An address range [first, last]; null (with a warning) when it is reversed, of the wrong family or outside the subnet.
    /// </summary>
    public AddressPool? Range(IPNetwork? subnet, IPAddress first, IPAddress last, ConfigLocation location)
    {
        if (first.AddressFamily != last.AddressFamily)
        {
            Warn(location, $"range {first} - {last} mixes IPv4 and IPv6; skipped");
            return null;
        }

        var a = IpMath.ToUInt128(first);
        var b = IpMath.ToUInt128(last);
        if (a > b)
        {
            Warn(location, $"range {first} - {last} starts after it ends; skipped");
            return null;
        }

        if (subnet is { } net)
        {
            if (net.BaseAddress.AddressFamily != first.AddressFamily)
            {
                Warn(location, $"range {first} - {last} is not of the family of subnet {net}; skipped");
                return null;
            }

            var (lo, hi) = IpMath.Bounds(net);
            if (a < lo || b > hi)
            {
                Warn(location, $"range {first} - {last} is outside subnet {net} (the server refuses this); skipped");
                return null;
            }
        }

        return new AddressPool(a, b, first.AddressFamily, location);
    }

    public AddressPool? Prefix(IPNetwork? subnet, IPNetwork prefix, ConfigLocation location)
    {
        var (_, hi) = IpMath.Bounds(prefix);
        return Range(subnet, prefix.BaseAddress, IpMath.ToAddress(hi, prefix.BaseAddress.AddressFamily), location);
    }

    /// <summary>Kea's pd-pool: prefix/prefixLength cut into delegatedLength prefixes.</summary>
    public PrefixDelegationPool? PrefixPool(IPNetwork prefix, int delegatedLength, ConfigLocation location)
    {
        if (prefix.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6)
        {
            Warn(location, $"pd-pool prefix {prefix} is not IPv6; skipped");
            return null;
        }

        if (delegatedLength < prefix.PrefixLength || delegatedLength > 128)
        {
            Warn(location,
                $"pd-pool {prefix}: delegated-len {delegatedLength} must be between prefix-len {prefix.PrefixLength} and 128; skipped");
            return null;
        }

        var (lo, hi) = IpMath.Bounds(prefix);
        var hostBits = 128 - delegatedLength;
        var lastPrefix = hostBits >= 128 ? lo : (hi >> hostBits) << hostBits;
        return new PrefixDelegationPool(lo, lastPrefix, delegatedLength, prefix, location);
    }

    /// <summary>dhcpd's prefix6 A B /len: the /len prefixes that start between A and B.</summary>
    public PrefixDelegationPool? PrefixRange(IPAddress first, IPAddress last, int delegatedLength, ConfigLocation location)
    {
        if (first.AddressFamily != AddressFamily.InterNetworkV6 || last.AddressFamily != AddressFamily.InterNetworkV6)
        {
            Warn(location, $"prefix6 {first} {last} needs IPv6 addresses; skipped");
            return null;
        }

        if (delegatedLength is < 1 or > 128)
        {
            Warn(location, $"prefix6 length /{delegatedLength} is not between 1 and 128; skipped");
            return null;
        }

        var a = IpMath.ToUInt128(first);
        var b = IpMath.ToUInt128(last);
        if (a > b)
        {
            Warn(location, $"prefix6 {first} {last} starts after it ends; skipped");
            return null;
        }

        var hostBits = 128 - delegatedLength;
        var mask = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        if ((a & mask) != 0)
        {
            Warn(location, $"prefix6 start {first} is not on a /{delegatedLength} boundary; skipped");
            return null;
        }

        return new PrefixDelegationPool(a, b & ~mask, delegatedLength, null, location);
    }

    public DhcpSubnet AddSubnet(long? id, IPNetwork prefix, string? sharedNetwork, List<AddressPool> pools,
        List<PrefixDelegationPool> prefixPools, ConfigLocation location, long? leaseLifetime = null)
    {
        var subnet = new DhcpSubnet(id, prefix, sharedNetwork, pools.ToArray(), prefixPools.ToArray(), location, leaseLifetime);
        _subnets.Add(subnet);
        return subnet;
    }

    public DhcpServerConfig Build()
    {
        CheckDuplicates();
        CheckOverlaps();
        return new DhcpServerConfig(source, software, _subnets.ToArray(), _warnings.ToArray(), _files.ToArray());
    }

    private void CheckDuplicates()
    {
        var ids = new Dictionary<long, DhcpSubnet>();
        var prefixes = new Dictionary<IPNetwork, DhcpSubnet>();
        foreach (var subnet in _subnets)
        {
            if (subnet.Id is { } id && !ids.TryAdd(id, subnet))
            {
                Warn(subnet.Location, $"subnet id {id} is also used by {ids[id].Prefix} at {ids[id].Location}");
            }

            if (!prefixes.TryAdd(subnet.Prefix, subnet))
            {
                Warn(subnet.Location, $"subnet {subnet.Prefix} is declared twice (first at {prefixes[subnet.Prefix].Location})");
            }
        }
    }

    private void CheckOverlaps()
    {
        var pools = _subnets.SelectMany(s => s.Pools).OrderBy(p => p.Family).ThenBy(p => p.FirstValue).ToList();
        for (var i = 1; i < pools.Count; i++)
        {
            if (pools[i].Family == pools[i - 1].Family && pools[i].FirstValue <= pools[i - 1].LastValue)
            {
                Warn(pools[i].Location, $"pool {pools[i]} overlaps pool {pools[i - 1]} at {pools[i - 1].Location}");
            }
        }
    }
}
