using System.Net;

namespace PacketGuide.DhcpTestClient;

/// <summary>The result of a DISCOVER/OFFER/REQUEST/ACK sequence.</summary>
/// <param name="Offer">The OFFER, or null when the server did not answer the DISCOVER (e.g. pool exhausted).</param>
/// <param name="Request">The REQUEST exchange, or null when no OFFER arrived.</param>
public sealed record DoraResult(DhcpReply? Offer, DhcpExchangeResult? Request)
{
    /// <summary>True when the sequence ended with an ACK.</summary>
    public bool IsBound => Request?.Outcome == DhcpOutcome.Ack;

    /// <summary>The leased address when bound.</summary>
    public IPAddress? Address => IsBound ? Request!.Reply!.YourAddress : null;

    /// <summary>The server identifier of the ACK (or of the OFFER).</summary>
    public IPAddress? ServerIdentifier => Request?.Reply?.ServerIdentifier ?? Offer?.ServerIdentifier;
}
