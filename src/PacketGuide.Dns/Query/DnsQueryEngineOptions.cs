namespace PacketGuide.Dns.Query;

/// <summary>How <see cref="DnsQueryEngine"/> asks one server: sockets, queries in flight, timeouts and retries.</summary>
public sealed record DnsQueryEngineOptions
{
    /// <summary>UDP sockets (each with its own ephemeral port, receive loop and 16-bit id space).</summary>
    public int Sockets { get; init; } = 4;

    /// <summary>Queries in flight at most, over all sockets.</summary>
    public int Window { get; init; } = 128;

    /// <summary>
    /// Longest wait for a UDP attempt, and the wait for the last one (and for the whole TCP exchange after a truncated
    /// answer). Once answers have come, earlier attempts are retried sooner: after the smoothed round trip plus four times
    /// its variation (RFC 6298's rule), at least <see cref="MinimumRetryTimeout"/>, so one lost datagram does not hold a
    /// bulk run for a whole second.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest wait before a retry, however fast the server answered so far.</summary>
    public TimeSpan MinimumRetryTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Further UDP attempts after a timeout (the same id, so an answer to any attempt counts).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Set RD. Off by default: the engine asks authoritative servers.</summary>
    public bool Recursion { get; init; }

    /// <summary>EDNS UDP payload size advertised (1232, the DNS Flag Day 2020 value).</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>Ask again over TCP when the UDP answer has TC set (otherwise the truncated answer is returned).</summary>
    public bool TcpOnTruncation { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Sockets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(Retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpPayloadSize, (ushort)512);
    }
}
