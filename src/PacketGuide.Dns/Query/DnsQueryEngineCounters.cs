namespace PacketGuide.Dns.Query;

/// <summary>What a <see cref="DnsQueryEngine"/> has done so far.</summary>
/// <param name="Sent">Questions sent (first attempts).</param>
/// <param name="Answered">Questions answered (over UDP or, after truncation, TCP).</param>
/// <param name="TimedOut">Questions given up on after every attempt.</param>
/// <param name="Retried">UDP attempts after a timeout.</param>
/// <param name="TcpRetries">Questions asked again over TCP because the UDP answer was truncated.</param>
/// <param name="Failed">Questions whose answer could not be decoded or whose TCP retry failed.</param>
/// <param name="Unmatched">Datagrams dropped: no pending query had their id, or their question was not the one asked.</param>
public readonly record struct DnsQueryEngineCounters(long Sent, long Answered, long TimedOut, long Retried, long TcpRetries, long Failed, long Unmatched);
