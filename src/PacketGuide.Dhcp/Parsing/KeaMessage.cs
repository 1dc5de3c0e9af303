namespace PacketGuide.Dhcp.Parsing;

/// <summary>The Kea message ids the parser acts on, grouped by what they mean. Everything else is a non-event line.</summary>
internal enum KeaMessage : byte
{
    None,
    PacketReceived,
    PacketSend,
    SubnetSelected,
    InitReboot,
    Offer,
    Ack,
    Release,
    Decline4,
    Decline6,
    DeclineFail,
    AllocationFailed,
    AllocationFailedSubnet,
    Reclaim,
}
