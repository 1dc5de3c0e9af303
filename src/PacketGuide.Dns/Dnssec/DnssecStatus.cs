using System.Globalization;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// A zone's DNSSEC state: what the server serves (keys, CDS/CDNSKEY, NSEC3, signature health, the parent's DS when the
/// parent is local) and what the server itself reports (PowerDNS's cryptokeys, BIND's <c>rndc dnssec -status</c>).
/// </summary>
/// <param name="Zone">The zone (absolute).</param>
/// <param name="Server">The DNS server the served state was read from.</param>
/// <param name="Keys">Served DNSKEYs, plus keys the provider holds but does not publish.</param>
/// <param name="Nsec3">Null: NSEC (or unsigned).</param>
/// <param name="ServerReport">The server's own words (rndc output, PowerDNS key list); null when not available.</param>
public sealed record DnssecStatus(
    string Zone,
    string Server,
    IReadOnlyList<DnssecKey> Keys,
    IReadOnlyList<string> Cds,
    IReadOnlyList<string> Cdnskey,
    Nsec3Settings? Nsec3,
    ParentDsCheck Parent,
    SignatureHealth? Health,
    string? HealthError,
    string? ServerReport)
{
    /// <summary>The zone serves DNSKEYs and signatures.</summary>
    public bool IsSigned => Keys.Any(k => k.Served) && Health is not { SignatureCount: 0 };

    /// <summary>
    /// The settings the served zone has now, in the terms of <see cref="DnssecSettings"/> (for a planner to compare with
    /// the wanted ones): split keys when it has both a KSK and a ZSK; the algorithm of its served keys.
    /// </summary>
    public DnssecSettings CurrentSettings => IsSigned
        ? new DnssecSettings(true, Keys.Where(k => k.Served).Select(k => k.Algorithm).FirstOrDefault(13),
            Keys.Any(k => k.Served && k.Role == "KSK") && Keys.Any(k => k.Served && k.Role == "ZSK"), Nsec3)
        : new DnssecSettings(false);

    /// <summary>Problems: signature health (expiring within <paramref name="warnDays"/>), and a parent DS that matches no key.</summary>
    public IReadOnlyList<string> Findings(double warnDays)
    {
        // An unsigned zone (no keys, no signatures) has no signature findings: its RRsets are unsigned on purpose.
        var signing = Keys.Any(k => k.Served) || Health is { SignatureCount: > 0 };
        var findings = new List<string>(signing ? Health?.Findings(warnDays) ?? [] : []);
        if (Parent.Mismatch)
        {
            findings.Add($"the parent's DS ({string.Join("; ", Parent.Ds)}) matches no key signing key of {Zone}: validators will see the zone as bogus");
        }

        if (!IsSigned && Parent is { ParentIsLocal: true, Ds.Count: > 0 })
        {
            findings.Add($"the parent has a DS for {Zone} but the zone is not signed: validators will see it as bogus");
        }

        return findings;
    }

    /// <summary>Builds the key list from the served keys and signatures, adding what the provider knows of each (matched by DNSKEY data).</summary>
    public static IReadOnlyList<DnssecKey> MergeKeys(ServedDnssec served, IReadOnlyList<(int Id, bool Active, bool Published, string DnsKey)> providerKeys)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(providerKeys);
        var signers = served.Signatures.GroupBy(s => s.KeyTag).ToDictionary(g => g.Key, g => g.ToList());
        var sep = served.Keys.Any(k => k.IsSecureEntryPoint);
        var nonSep = served.Keys.Any(k => !k.IsSecureEntryPoint) || providerKeys.Any(p => p.DnsKey.StartsWith("256 ", StringComparison.Ordinal));
        string Role(int flags) => (flags & 1) != 0 ? sep && nonSep ? "KSK" : "CSK" : sep ? "ZSK" : "CSK";

        var keys = new List<DnssecKey>();
        foreach (var key in served.Keys)
        {
            var text = key.Text;
            var provider = providerKeys.Where(p => SameKey(p.DnsKey, text)).Select(p => ((int, bool)?)(p.Id, p.Active)).FirstOrDefault();
            var sigs = signers.GetValueOrDefault(key.KeyTag) ?? [];
            keys.Add(new DnssecKey(key.KeyTag, key.Algorithm, key.Flags, Role(key.Flags), true,
                sigs.Any(s => !s.TypeCovered.Equals("DNSKEY", StringComparison.OrdinalIgnoreCase)),
                sigs.Any(s => s.TypeCovered.Equals("DNSKEY", StringComparison.OrdinalIgnoreCase)),
                provider?.Item1, provider?.Item2, text));
        }

        foreach (var hidden in providerKeys.Where(p => !served.Keys.Any(k => SameKey(p.DnsKey, k.Text))))
        {
            var fields = hidden.DnsKey.Split(' ', 4);
            var flags = int.Parse(fields[0], CultureInfo.InvariantCulture);
            var algorithm = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var tag = DelegationSigner.KeyTag(DelegationSigner.DnsKeyData(flags, int.Parse(fields[1], CultureInfo.InvariantCulture), algorithm, Convert.FromBase64String(fields[3].Replace(" ", "", StringComparison.Ordinal))));
            keys.Add(new DnssecKey(tag, algorithm, flags, Role(flags), false, false, false, hidden.Id, hidden.Active, hidden.DnsKey));
        }

        return keys;
    }

    private static bool SameKey(string a, string b) =>
        string.Equals(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
}
