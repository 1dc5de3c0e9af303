using System.Net;

namespace PacketGuide.Dhcp;

/// <summary>
/// One DHCP message handled by a server (or one lease state read from a lease file), normalized across
/// Kea and ISC dhcpd. Every source yields these; everything downstream is shared.
/// </summary>
public sealed record LeaseEvent
{
    /// <summary>When the server logged it; null when the source has no time (bare <c>dhcpd -d</c> output).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The server that handled the message (syslog host, <c>--server</c>, or the file's name).</summary>
    public required string Server { get; init; }

    /// <summary>What happened.</summary>
    public required DhcpMessageKind Kind { get; init; }

    /// <summary>The address concerned (leased, offered, released, informed), when the source names one.</summary>
    public IPAddress? Ip { get; init; }

    /// <summary>The client's hardware address, when known.</summary>
    public MacAddress? Mac { get; init; }

    /// <summary>DHCPv4 client identifier or DHCPv6 DUID as colon-separated hex, when known.</summary>
    public string? ClientId { get; init; }

    /// <summary>Client host name, when the server logged one.</summary>
    public string? Hostname { get; init; }

    /// <summary>Subnet: Kea's subnet id or dhcpd's network (e.g. <c>10.77.0.0/22</c>).</summary>
    public string? Subnet { get; init; }

    /// <summary>Relay address (giaddr) or receiving interface.</summary>
    public string? Via { get; init; }

    /// <summary>Lease lifetime granted, in seconds.</summary>
    public long? LeaseSeconds { get; init; }

    /// <summary>
    /// Identity of the line that produced the event, set by <c>dhcp tail</c>: the same line read twice (after a restart
    /// from a checkpoint, or from a <c>copytruncate</c> copy) has the same id, so duplicates are detectable.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The line that produced this event.</summary>
    public required SourceLocation Source { get; init; }
}
