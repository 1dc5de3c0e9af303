namespace PacketGuide.Dhcp.Leases;

/// <summary>How lease states in Kea's and dhcpd's lease databases map to event kinds.</summary>
internal static class LeaseStates
{
    /// <summary>Kea: state 0 default, 1 declined, 2 expired-reclaimed; a valid lifetime of 0 marks a released lease.</summary>
    public static DhcpMessageKind? FromKea(long state, long validLifetime) => state switch
    {
        1 => DhcpMessageKind.Decline,
        2 => DhcpMessageKind.Expire,
        0 or 3 when validLifetime == 0 => DhcpMessageKind.Release,
        0 => DhcpMessageKind.Ack,
        3 => DhcpMessageKind.Release,
        _ => null,
    };

    /// <summary>dhcpd <c>binding state</c>.</summary>
    public static DhcpMessageKind? FromDhcpd(string state) => state switch
    {
        "active" => DhcpMessageKind.Ack,
        "free" or "released" or "reset" => DhcpMessageKind.Release,
        "expired" => DhcpMessageKind.Expire,
        "abandoned" => DhcpMessageKind.Decline,
        _ => null,
    };
}
