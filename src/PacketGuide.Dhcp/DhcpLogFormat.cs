namespace PacketGuide.Dhcp;

/// <summary>Input formats <c>pguide dhcp parse</c> understands.</summary>
public enum DhcpLogFormat
{
    /// <summary>Detect from the file's first lines.</summary>
    Auto,

    /// <summary>Kea DHCPv4/v6 log: Kea's file layout or syslog (RFC 3164, RFC 5424, ISO-stamped).</summary>
    Kea,

    /// <summary>ISC dhcpd log: syslog (RFC 3164, RFC 5424, journalctl short-iso) or bare <c>dhcpd -d</c> stderr.</summary>
    Dhcpd,

    /// <summary>Kea memfile lease file, DHCPv4 (<c>address,hwaddr,client_id,...</c>).</summary>
    KeaLease4,

    /// <summary>Kea memfile lease file, DHCPv6 (<c>address,duid,valid_lifetime,...</c>).</summary>
    KeaLease6,

    /// <summary>Saved Kea control API responses (<c>lease4-get-all</c>, <c>stat-lease4-get</c>, <c>statistic-get-all</c>, ...).</summary>
    KeaJson,

    /// <summary>ISC dhcpd lease database (<c>dhcpd.leases</c>).</summary>
    DhcpdLeases,
}
