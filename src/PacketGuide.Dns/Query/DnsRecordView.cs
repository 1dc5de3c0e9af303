namespace PacketGuide.Dns.Query;

/// <summary>One resource record as dig shows it: owner, TTL, class, type and the data in presentation format.</summary>
/// <param name="Data">The RDATA as zone-file text (<c>10 mail.example.</c>, <c>"v=spf1 -all"</c>); types the library does not decode as RFC 3597 <c>\# len hex</c>.</param>
public sealed record DnsRecordView(string Name, long Ttl, string Class, string Type, string Data)
{
    /// <summary>For an RRSIG: the type it covers and its validity window.</summary>
    public RrsigValidity? Signature { get; init; }

    public override string ToString() => $"{Name} {Ttl} {Class} {Type} {Data}";
}

/// <summary>What an RRSIG covers and when it is valid: the window that expires and breaks a zone.</summary>
public sealed record RrsigValidity(string CoveredType, int KeyTag, string Signer, DateTimeOffset Inception, DateTimeOffset Expiration)
{
    public bool IsValidAt(DateTimeOffset moment) => moment >= Inception && moment <= Expiration;
}
