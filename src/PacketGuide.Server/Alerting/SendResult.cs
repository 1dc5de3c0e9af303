namespace PacketGuide.Server.Alerting;

/// <summary>What one send to a channel came to: the outcome, the receiver's words when it was not delivered, and how long it asked us to wait.</summary>
public sealed record SendResult(SendOutcome Outcome, string? Error, TimeSpan? RetryAfter);
