namespace PacketGuide.Dns.Validation;

/// <summary>
/// Every check of <c>pguide dns validate</c>, by stable id. Ids never change meaning; new checks get new ids. A check
/// that found nothing passed; the JUnit output has one test case per check and zone.
/// </summary>
public static class ValidationChecks
{
    public static readonly ValidationCheck DeclaredServed = new("declared-served", "declared", "every declared RRset is served with the same values and TTL by every authoritative server");
    public static readonly ValidationCheck ExtraServed = new("extra-served", "declared", "RRsets served but not declared (info)");
    public static readonly ValidationCheck SoaSerial = new("soa-serial", "consistency", "the SOA serial is the same on every server (lag in serial steps)");
    public static readonly ValidationCheck NsConsistent = new("ns-consistent", "consistency", "the NS set is the same at every server and, when it is reachable, at the parent");
    public static readonly ValidationCheck Glue = new("glue", "consistency", "glue at the parent matches the addresses the zone serves for its in-zone name servers");
    public static readonly ValidationCheck PtrMissing = new("ptr-missing", "reverse", "every A/AAAA has a PTR pointing back (when the reverse zone is served by a known server)");
    public static readonly ValidationCheck PtrMismatch = new("ptr-mismatch", "reverse", "every PTR's target resolves back to the address");
    public static readonly ValidationCheck CnameLoop = new("cname-loop", "targets", "CNAME chains end (no loop)");
    public static readonly ValidationCheck CnameDangling = new("cname-dangling", "targets", "in-zone CNAME targets exist");
    public static readonly ValidationCheck CnameExclusive = new("cname-exclusive", "targets", "a CNAME is alone at its name and not at the apex");
    public static readonly ValidationCheck TargetMissing = new("target-missing", "targets", "in-zone MX, SRV and NS targets have addresses");
    public static readonly ValidationCheck TargetCname = new("target-cname", "targets", "MX, SRV and NS targets are not CNAMEs (RFC 2181 10.3)");
    public static readonly ValidationCheck PrivateAddress = new("private-address", "targets", "no private or reserved addresses in a public zone (configurable)");
    public static readonly ValidationCheck TtlBounds = new("ttl-bounds", "policy", "TTLs within the policy's bounds");
    public static readonly ValidationCheck SoaTimers = new("soa-timers", "policy", "SOA refresh, retry, expire and minimum in sane ranges (RFC 1912)");
    public static readonly ValidationCheck DuplicateRecord = new("duplicate-record", "policy", "no value declared twice in one RRset (in two spellings; a server keeps one copy)");
    public static readonly ValidationCheck DnskeyPresent = new("dnskey-present", "dnssec", "a DNSKEY RRset is served when the zone is expected to be signed");
    public static readonly ValidationCheck RrsetSigned = new("rrset-signed", "dnssec", "every authoritative RRset of a signed zone has an RRSIG by a served key");
    public static readonly ValidationCheck RrsigValidity = new("rrsig-validity", "dnssec", "RRSIGs are inside their validity window and not about to expire (--rrsig-warn-days)");
    public static readonly ValidationCheck DsMatch = new("ds-match", "dnssec", "the DS at the parent matches a key signing key");
    public static readonly ValidationCheck Denial = new("denial", "dnssec", "a random name is denied with a valid NSEC or NSEC3 proof");
    public static readonly ValidationCheck Algorithm = new("algorithm", "dnssec", "signing algorithms are recommended ones (RFC 8624)");
    public static readonly ValidationCheck Reachable = new("reachable", "servers", "every server answers over UDP and TCP, authoritatively (not lame)");
    public static readonly ValidationCheck Latency = new("latency", "servers", "query latency per server (info; warning above --slow-ms)");

    public static IReadOnlyList<ValidationCheck> All { get; } =
    [
        DeclaredServed, ExtraServed, SoaSerial, NsConsistent, Glue, PtrMissing, PtrMismatch, CnameLoop, CnameDangling, CnameExclusive,
        TargetMissing, TargetCname, PrivateAddress, TtlBounds, SoaTimers, DuplicateRecord, DnskeyPresent, RrsetSigned, RrsigValidity,
        DsMatch, Denial, Algorithm, Reachable, Latency,
    ];

    /// <summary>The check's place in <see cref="All"/> (reports list checks in this order).</summary>
    public static int IndexOf(ValidationCheck check)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], check))
            {
                return i;
            }
        }

        return All.Count;
    }
}
