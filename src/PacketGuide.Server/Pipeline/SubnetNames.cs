using System.Globalization;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// One name per subnet for stored events and metric labels: its prefix (<c>10.78.0.0/24</c>), as /api/v1/subnets names
/// it. Kea's log lines name a subnet by id, or not at all; with the DHCP configuration the id, or else the address, gives
/// the prefix. Without a configuration, or for an address outside every subnet, the log's own word is kept.
/// </summary>
public sealed class SubnetNames(DhcpServerConfig? config)
{
    public string? Of(LeaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (config is null)
        {
            return e.Subnet;
        }

        if (e.Subnet is { } named && long.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            foreach (var subnet in config.Subnets)
            {
                if (subnet.Id == id)
                {
                    return subnet.Prefix.ToString();
                }
            }
        }

        return e.Ip is { } ip && config.FindSubnet(ip) is { } containing ? containing.Prefix.ToString() : e.Subnet;
    }
}
