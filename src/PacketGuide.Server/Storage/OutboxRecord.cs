namespace PacketGuide.Server.Storage;

/// <summary>
/// One notification in the durable outbox: stored before it is sent and retried until it is <c>delivered</c>,
/// <c>failed</c> (the receiver refused it for good, e.g. 400) or <c>expired</c> (still undelivered at <see cref="Expires"/>).
/// </summary>
/// <param name="DedupKey">What the receiver deduplicates on (the alert key or group): the same across retries.</param>
/// <param name="Body">Exactly what is sent (JSON); never holds a secret (signatures and keys are added when sending).</param>
public sealed record OutboxRecord(long Id, string Channel, string DedupKey, string Reason, string Body, string State, int Attempts, DateTimeOffset Created,
    DateTimeOffset NextAttempt, DateTimeOffset Expires, DateTimeOffset? Delivered, string? LastError);

/// <summary>A notification to put in the outbox.</summary>
public sealed record OutboxMessage(string Channel, string DedupKey, string Reason, string Body, DateTimeOffset Expires);
