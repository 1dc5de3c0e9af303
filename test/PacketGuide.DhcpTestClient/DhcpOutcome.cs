namespace PacketGuide.DhcpTestClient;

/// <summary>What came back for one client transaction.</summary>
public enum DhcpOutcome
{
    /// <summary>The message needs no reply (RELEASE, DECLINE) and was sent.</summary>
    Sent,

    /// <summary>No matching reply arrived before the timeout.</summary>
    NoReply,

    Offer,
    Ack,
    Nak,

    /// <summary>A reply with the right xid but an unexpected message type.</summary>
    Other,
}
