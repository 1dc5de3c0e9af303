namespace PacketGuide.Dhcp;

/// <summary>
/// What a DHCP server did with one message. DHCPv6 maps onto the same kinds:
/// SOLICIT is <see cref="Discover"/>, ADVERTISE is <see cref="Offer"/>, REQUEST/RENEW/REBIND are
/// <see cref="Request"/>, a REPLY that carries a lease is <see cref="Ack"/>, INFORMATION-REQUEST is <see cref="Inform"/>.
/// </summary>
public enum DhcpMessageKind : byte
{
    Discover,
    Offer,
    Request,
    Ack,
    Nak,
    Release,
    Decline,
    Inform,
    Expire,
    AllocationFailed,
}
