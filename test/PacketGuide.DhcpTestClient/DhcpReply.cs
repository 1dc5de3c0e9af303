using System.Net;

namespace PacketGuide.DhcpTestClient;

/// <summary>The fields of a server reply that the scenarios use.</summary>
/// <param name="TransactionId">xid, matched against the request.</param>
/// <param name="MessageType">Option 53.</param>
/// <param name="YourAddress">yiaddr (0.0.0.0 in a NAK or an INFORM ACK).</param>
/// <param name="ServerIdentifier">Option 54, or null when absent.</param>
/// <param name="LeaseTime">Option 51, or null when absent.</param>
/// <param name="Message">Option 56 (server message, often set in NAKs), or null.</param>
public sealed record DhcpReply(
    uint TransactionId,
    DhcpMessageType MessageType,
    IPAddress YourAddress,
    IPAddress? ServerIdentifier,
    TimeSpan? LeaseTime,
    string? Message);
