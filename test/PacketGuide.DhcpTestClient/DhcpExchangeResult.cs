namespace PacketGuide.DhcpTestClient;

/// <summary>The result of one request/reply exchange (or of a message that expects no reply).</summary>
/// <param name="Sent">The message type the client sent.</param>
/// <param name="TransactionId">The xid the client used.</param>
/// <param name="Outcome">What came back.</param>
/// <param name="Reply">The parsed reply, when one arrived.</param>
public sealed record DhcpExchangeResult(DhcpMessageType Sent, uint TransactionId, DhcpOutcome Outcome, DhcpReply? Reply);
