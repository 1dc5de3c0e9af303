namespace PacketGuide.Dns.Query;

/// <summary>One question asked of one server, and what came back (or why nothing did).</summary>
public sealed record DnsExchange
{
    public required DnsServer Server { get; init; }

    /// <summary>The name asked for, fully qualified (<c>www.example.com.</c>), IDN labels in punycode.</summary>
    public required string Name { get; init; }

    public required ushort Type { get; init; }

    public string TypeName => DnsRecordTypes.Name(Type);

    /// <summary>Null when the server answered; else why not (timed out after N attempts, connection refused).</summary>
    public string? Error { get; init; }

    public bool Answered => Error is null;

    /// <summary>The RCODE as dig names it: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...</summary>
    public string ResponseCode { get; init; } = "";

    public DnsHeaderFlags Flags { get; init; } = new(false, false, false, false, false, false);

    public IReadOnlyList<DnsRecordView> Answers { get; init; } = [];

    public IReadOnlyList<DnsRecordView> Authority { get; init; } = [];

    /// <summary>The additional section, without the OPT pseudo-record.</summary>
    public IReadOnlyList<DnsRecordView> Additional { get; init; } = [];

    /// <summary>udp, tcp, or udp+tcp when the UDP answer was truncated and the question was asked again over TCP.</summary>
    public string Transport { get; init; } = "";

    public TimeSpan Elapsed { get; init; }

    /// <summary>Size of the answer message in bytes.</summary>
    public int MessageSize { get; init; }
}

/// <summary>The header flags dig prints: qr is implied; aa tc rd ra ad cd.</summary>
public sealed record DnsHeaderFlags(bool Authoritative, bool Truncated, bool RecursionDesired, bool RecursionAvailable, bool AuthenticData,
    bool CheckingDisabled)
{
    public override string ToString() => string.Join(' ', new[]
    {
        "qr", Authoritative ? "aa" : null, Truncated ? "tc" : null, RecursionDesired ? "rd" : null, RecursionAvailable ? "ra" : null,
        AuthenticData ? "ad" : null, CheckingDisabled ? "cd" : null,
    }.Where(f => f is not null));
}
