namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// One DNSSEC key of a zone as the server serves it (DNSKEY) and, where the provider says, its own state.
/// </summary>
/// <param name="KeyTag">RFC 4034 key tag.</param>
/// <param name="Algorithm">IANA algorithm number.</param>
/// <param name="Flags">257 (SEP: a KSK or CSK) or 256 (a ZSK).</param>
/// <param name="Role">KSK, ZSK or CSK (a SEP key in a zone without a ZSK signs everything).</param>
/// <param name="Served">In the served DNSKEY RRset.</param>
/// <param name="SignsRecords">Signatures by this key cover RRsets other than DNSKEY.</param>
/// <param name="SignsKeys">A signature by this key covers the DNSKEY RRset.</param>
/// <param name="ProviderKeyId">PowerDNS's cryptokey id; null for BIND.</param>
/// <param name="Active">The provider signs with it (PowerDNS), null when unknown.</param>
/// <param name="DnsKey">The DNSKEY's data: <c>257 3 13 BASE64</c>.</param>
public sealed record DnssecKey(int KeyTag, int Algorithm, int Flags, string Role, bool Served, bool SignsRecords, bool SignsKeys,
    int? ProviderKeyId, bool? Active, string DnsKey)
{
    /// <summary>SEP flag set: the key the parent's DS points to.</summary>
    public bool IsSecureEntryPoint => (Flags & 1) != 0;
}
