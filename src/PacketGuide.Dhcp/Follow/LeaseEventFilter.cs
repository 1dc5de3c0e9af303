using System.IO.Enumeration;
using System.Net;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Which events to show: every condition given must hold. Parse user input with <see cref="TryCreate"/>, which says
/// what is wrong with a bad value.
/// </summary>
public sealed class LeaseEventFilter
{
    private readonly MacAddress? _mac;
    private readonly IPNetwork? _network;
    private readonly string? _subnet;
    private readonly HashSet<DhcpMessageKind>? _kinds;
    private readonly string? _server;
    private readonly string? _hostname;

    private LeaseEventFilter(MacAddress? mac, IPNetwork? network, string? subnet, HashSet<DhcpMessageKind>? kinds, string? server, string? hostname)
    {
        _mac = mac;
        _network = network;
        _subnet = subnet;
        _kinds = kinds;
        _server = server;
        _hostname = hostname;
    }

    /// <param name="mac">Client MAC, <c>aa:bb:cc:dd:ee:ff</c>.</param>
    /// <param name="ip">An address or a CIDR network (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>).</param>
    /// <param name="subnet">Kea subnet id or dhcpd network, exactly as events show it.</param>
    /// <param name="kinds">Message kinds by their wire names (<c>ack</c>, <c>nak</c>, ...).</param>
    /// <param name="server">Server name, exactly.</param>
    /// <param name="hostname">Client host name glob (<c>*</c>, <c>?</c>; case-insensitive).</param>
    /// <param name="filter">The filter, when every value is valid.</param>
    /// <param name="error">What is wrong otherwise, naming the option.</param>
    public static bool TryCreate(string? mac, string? ip, string? subnet, IReadOnlyCollection<string>? kinds, string? server, string? hostname,
        out LeaseEventFilter filter, out string? error)
    {
        filter = new LeaseEventFilter(null, null, null, null, null, null);
        error = null;
        MacAddress? parsedMac = null;
        if (mac is not null)
        {
            if (!MacAddress.TryParse(mac.Trim(), out var m))
            {
                error = $"--mac: '{mac}' is not a MAC address (expected aa:bb:cc:dd:ee:ff).";
                return false;
            }

            parsedMac = m;
        }

        IPNetwork? network = null;
        if (ip is not null)
        {
            if (IPNetwork.TryParse(ip, out var n))
            {
                network = n;
            }
            else if (IPAddress.TryParse(ip, out var address))
            {
                network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }
            else
            {
                error = $"--ip: '{ip}' is neither an address nor a network (e.g. 10.0.0.5, 10.0.0.0/24, 2001:db8::/64).";
                return false;
            }
        }

        HashSet<DhcpMessageKind>? kindSet = null;
        if (kinds is { Count: > 0 })
        {
            kindSet = [];
            foreach (var name in kinds.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!DhcpMessageKinds.TryParse(name, out var kind))
                {
                    error = $"--kind: unknown kind '{name}' (one of {string.Join(", ", DhcpMessageKinds.All.Select(k => k.ToWireName()))}).";
                    return false;
                }

                kindSet.Add(kind);
            }
        }

        filter = new LeaseEventFilter(parsedMac, network, subnet, kindSet, server, hostname);
        return true;
    }

    public bool Matches(LeaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (_mac is null || e.Mac == _mac)
            && (_network is null || (e.Ip is { } ip && _network.Value.Contains(ip)))
            && (_subnet is null || string.Equals(e.Subnet, _subnet, StringComparison.Ordinal))
            && (_kinds is null || _kinds.Contains(e.Kind))
            && (_server is null || string.Equals(e.Server, _server, StringComparison.Ordinal))
            && (_hostname is null || (e.Hostname is { } h && FileSystemName.MatchesSimpleExpression(_hostname, h, ignoreCase: true)));
    }
}
