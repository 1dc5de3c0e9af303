namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// A zone's DNSSEC as its server serves it: the DNSKEY, CDS and CDNSKEY RRsets, NSEC3PARAM, the parent's DS (when the
/// parent is on the same server) and, from an AXFR, the signature health.
/// </summary>
/// <param name="Keys">The DNSKEY RRset.</param>
/// <param name="Cds">CDS records (text), what the zone asks its parent to publish; <c>0 0 0 00</c> asks for removal.</param>
/// <param name="Cdnskey">CDNSKEY records (text).</param>
/// <param name="Nsec3">From NSEC3PARAM; null for NSEC (or unsigned).</param>
/// <param name="Health">Null when the AXFR was refused; <see cref="HealthError"/> says why.</param>
public sealed record ServedDnssec(
    IReadOnlyList<ServedDnsKey> Keys,
    IReadOnlyList<string> Cds,
    IReadOnlyList<string> Cdnskey,
    Nsec3Settings? Nsec3,
    ParentDsCheck Parent,
    SignatureHealth? Health,
    string? HealthError,
    IReadOnlyList<SignatureWindow> Signatures);
