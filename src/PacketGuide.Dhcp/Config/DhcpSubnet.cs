using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>A subnet of a DHCP server's configuration with its dynamic pools and subnet-level totals.</summary>
public sealed class DhcpSubnet
{
    internal DhcpSubnet(long? id, IPNetwork prefix, string? sharedNetwork, IReadOnlyList<AddressPool> pools,
        IReadOnlyList<PrefixDelegationPool> prefixPools, ConfigLocation location, long? leaseLifetime = null)
    {
        Id = id;
        LeaseLifetime = leaseLifetime;
        Prefix = prefix;
        SharedNetwork = sharedNetwork;
        Pools = pools;
        PrefixPools = prefixPools;
        Location = location;
        UInt128 addresses = 0;
        foreach (var pool in pools)
        {
            pool.Subnet = this;
            addresses = IpMath.SaturatingAdd(addresses, pool.Size);
        }

        UInt128 prefixes = 0;
        foreach (var pool in prefixPools)
        {
            pool.Subnet = this;
            prefixes = IpMath.SaturatingAdd(prefixes, pool.PrefixCount);
        }

        TotalAddresses = addresses;
        TotalPrefixes = prefixes;
    }

    /// <summary>Kea's subnet id when the configuration names one; dhcpd has none.</summary>
    public long? Id { get; }

    public IPNetwork Prefix { get; }

    public AddressFamily Family => Prefix.BaseAddress.AddressFamily;

    /// <summary>The shared network (Kea <c>shared-networks</c>, dhcpd <c>shared-network</c>) the subnet belongs to, if any.</summary>
    public string? SharedNetwork { get; }

    /// <summary>Address pools in configuration order.</summary>
    public IReadOnlyList<AddressPool> Pools { get; }

    /// <summary>DHCPv6 prefix-delegation pools in configuration order.</summary>
    public IReadOnlyList<PrefixDelegationPool> PrefixPools { get; }

    /// <summary>Sum of the pool sizes: the addresses the server can hand out (Kea's total-addresses / total-nas).</summary>
    public UInt128 TotalAddresses { get; }

    /// <summary>Sum of the delegable prefixes of the pd-pools (Kea's total-pds).</summary>
    public UInt128 TotalPrefixes { get; }

    public ConfigLocation Location { get; }

    /// <summary>
    /// Seconds a lease lasts when the client asks for nothing else: Kea's <c>valid-lifetime</c> (subnet, shared network or
    /// global), dhcpd's <c>default-lease-time</c> (same scopes); null when the configuration does not say.
    /// </summary>
    public long? LeaseLifetime { get; }

    /// <summary>True when <paramref name="address"/> lies in one of the subnet's address pools.</summary>
    public bool PoolsContain(IPAddress address)
    {
        foreach (var pool in Pools)
        {
            if (pool.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Id is { } id ? $"{Prefix} (id {id})" : Prefix.ToString();
}
