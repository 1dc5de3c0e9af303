namespace PacketGuide.Dns.Query;

/// <summary>How to ask, the dig way: <c>+tcp</c>, <c>+dnssec</c>, <c>+norec</c>, timeouts and retries.</summary>
public sealed record DnsQueryOptions
{
    /// <summary>Ask over TCP only (<c>+tcp</c>). Otherwise UDP, and TCP again when the answer comes back truncated.</summary>
    public bool TcpOnly { get; init; }

    /// <summary>Set the DO bit (<c>+dnssec</c>): servers add RRSIG and NSEC/NSEC3 records.</summary>
    public bool DnssecOk { get; init; }

    /// <summary>Set RD (recursion desired); <c>+norec</c> clears it, as authoritative checks want.</summary>
    public bool Recursion { get; init; } = true;

    /// <summary>Time to wait for each attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Further attempts after a timeout.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>EDNS UDP payload size advertised (1232, the DNS Flag Day 2020 value).</summary>
    public int UdpPayloadSize { get; init; } = 1232;
}
