using System.Net;

namespace PacketGuide.Dhcp.Config;

/// <summary>Which server software a configuration belongs to.</summary>
public enum DhcpServerSoftware
{
    Kea,
    Dhcpd,
}

/// <summary>What <see cref="DhcpConfigLoader.LoadAsync"/> expects: sniff the content, or force one syntax.</summary>
public enum DhcpConfigFormat
{
    Auto,
    Kea,
    Dhcpd,
}

/// <summary>
/// The subnets and pools of one DHCP server configuration (one Kea <c>Dhcp4</c>/<c>Dhcp6</c> object or one dhcpd.conf),
/// plus the warnings about things that were skipped. Build one with <see cref="DhcpConfigLoader"/>.
/// </summary>
public sealed class DhcpServerConfig
{
    private DhcpPoolIndex? _index;

    internal DhcpServerConfig(string source, DhcpServerSoftware software, IReadOnlyList<DhcpSubnet> subnets,
        IReadOnlyList<ConfigWarning> warnings, IReadOnlyList<string> files)
    {
        Source = source;
        Software = software;
        Subnets = subnets;
        Warnings = warnings;
        Files = files;
        UInt128 addresses = 0, prefixes = 0;
        foreach (var subnet in subnets)
        {
            addresses = IpMath.SaturatingAdd(addresses, subnet.TotalAddresses);
            prefixes = IpMath.SaturatingAdd(prefixes, subnet.TotalPrefixes);
        }

        TotalAddresses = addresses;
        TotalPrefixes = prefixes;
    }

    /// <summary>The main file's path, or "config-get" for a control-API answer.</summary>
    public string Source { get; }

    public DhcpServerSoftware Software { get; }

    /// <summary>Subnets in configuration order (top-level first, shared networks' subnets where they appear).</summary>
    public IReadOnlyList<DhcpSubnet> Subnets { get; }

    /// <summary>Problems that did not stop the load: pools outside their subnet, reversed ranges, unknown values.</summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; }

    /// <summary>Every file read, the main file first, then includes in the order they were read.</summary>
    public IReadOnlyList<string> Files { get; }

    public UInt128 TotalAddresses { get; }

    public UInt128 TotalPrefixes { get; }

    /// <summary>The sorted lookup structure for address → pool/subnet (built once, on first use; thread-safe).</summary>
    public DhcpPoolIndex Index => _index ?? Interlocked.CompareExchange(ref _index, new DhcpPoolIndex(Subnets), null) ?? _index;

    /// <summary>The pool holding <paramref name="address"/>, or null. Binary search; no allocation.</summary>
    public AddressPool? FindPool(IPAddress address) => Index.FindPool(address);

    /// <summary>The subnet whose prefix holds <paramref name="address"/> (the longest prefix), or null.</summary>
    public DhcpSubnet? FindSubnet(IPAddress address) => Index.FindSubnet(address);
}
