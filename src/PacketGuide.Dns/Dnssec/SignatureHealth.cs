using System.Globalization;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// How well a zone's served signatures hold, from one AXFR: the signature that expires first, RRsets without a
/// signature, keys that sign nothing, and signatures made by keys the zone does not publish.
/// </summary>
/// <param name="RrsetCount">Authoritative RRsets that need a signature (delegation NS and glue excluded).</param>
/// <param name="SignatureCount">RRSIG records.</param>
/// <param name="EarliestExpiry">The signature that expires first; null when there is none.</param>
/// <param name="DaysUntilEarliestExpiry">Days from the evaluation time until then (negative: expired).</param>
/// <param name="UnsignedRrsets">RRsets with no signature, as <c>name TYPE</c>.</param>
/// <param name="InvalidNow">Signatures that are expired or not yet valid, as <c>name TYPE (key N)</c>.</param>
/// <param name="KeysWithoutSignatures">Key tags of published DNSKEYs that sign nothing (a pre-published ZSK is one).</param>
/// <param name="SepKeysNotSigningKeys">Key tags of SEP keys (KSK/CSK) that do not sign the DNSKEY RRset: a DS pointing to one breaks the chain.</param>
/// <param name="UnknownSigningKeys">Key tags in RRSIGs that match no published DNSKEY.</param>
public sealed record SignatureHealth(
    int RrsetCount,
    int SignatureCount,
    SignatureWindow? EarliestExpiry,
    double? DaysUntilEarliestExpiry,
    IReadOnlyList<string> UnsignedRrsets,
    IReadOnlyList<string> InvalidNow,
    IReadOnlyList<int> KeysWithoutSignatures,
    IReadOnlyList<int> SepKeysNotSigningKeys,
    IReadOnlyList<int> UnknownSigningKeys)
{
    /// <summary>
    /// Evaluates a zone's content as served.
    /// </summary>
    /// <param name="zone">The apex (absolute).</param>
    /// <param name="rrsets">Every RRset in the zone as (owner, type), RRSIGs excluded or not.</param>
    /// <param name="signatures">Every RRSIG.</param>
    /// <param name="keys">The published DNSKEYs as (key tag, flags).</param>
    /// <param name="now">The time to measure against (from a TimeProvider).</param>
    public static SignatureHealth Evaluate(string zone, IEnumerable<(string Owner, string Type)> rrsets, IReadOnlyList<SignatureWindow> signatures,
        IReadOnlyList<(int KeyTag, int Flags)> keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(rrsets);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(keys);
        var apex = Normalize(zone);
        var all = rrsets.Select(r => (Owner: Normalize(r.Owner), Type: r.Type.ToUpperInvariant())).Where(r => r.Type != "RRSIG").Distinct().ToList();
        var cuts = all.Where(r => r.Type == "NS" && r.Owner != apex).Select(r => r.Owner).ToHashSet(StringComparer.Ordinal);
        var needing = all.Where(r => !IsDelegationOrGlue(r.Owner, r.Type, cuts)).ToList();
        var signed = signatures.Select(s => (Owner: Normalize(s.Owner), Type: s.TypeCovered.ToUpperInvariant())).ToHashSet();
        var unsigned = needing.Where(r => !signed.Contains(r)).Select(r => $"{r.Owner} {r.Type}").Order(StringComparer.Ordinal).ToList();

        var invalid = signatures.Where(s => !s.IsValidAt(now))
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{Normalize(s.Owner)} {s.TypeCovered} (key {s.KeyTag})"))
            .Order(StringComparer.Ordinal).ToList();
        var earliest = signatures.MinBy(s => s.Expiration);
        var usedTags = signatures.Select(s => s.KeyTag).ToHashSet();
        var keyTags = keys.Select(k => k.KeyTag).ToHashSet();
        var keySigners = signatures.Where(s => Normalize(s.Owner) == apex && s.TypeCovered.Equals("DNSKEY", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.KeyTag).ToHashSet();
        return new SignatureHealth(
            needing.Count,
            signatures.Count,
            earliest,
            earliest?.DaysLeft(now),
            unsigned,
            invalid,
            [.. keys.Where(k => !usedTags.Contains(k.KeyTag)).Select(k => k.KeyTag).Distinct().Order()],
            [.. keys.Where(k => (k.Flags & 1) != 0 && !keySigners.Contains(k.KeyTag)).Select(k => k.KeyTag).Distinct().Order()],
            [.. usedTags.Where(t => !keyTags.Contains(t)).Order()]);
    }

    /// <summary>Problems that need attention, each one sentence; <paramref name="warnDays"/>: expiring within this many days is a problem.</summary>
    public IReadOnlyList<string> Findings(double warnDays)
    {
        var findings = new List<string>();
        if (EarliestExpiry is { } first && DaysUntilEarliestExpiry is { } days && days < warnDays)
        {
            findings.Add(days < 0
                ? string.Create(CultureInfo.InvariantCulture, $"the signature of {first.Owner} {first.TypeCovered} expired {-days:0.0} days ago")
                : string.Create(CultureInfo.InvariantCulture, $"the signature of {first.Owner} {first.TypeCovered} expires in {days:0.0} days (warning from {warnDays} days)"));
        }

        if (UnsignedRrsets.Count > 0)
        {
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{UnsignedRrsets.Count} RRset(s) without a signature: {string.Join(", ", UnsignedRrsets.Take(5))}{(UnsignedRrsets.Count > 5 ? ", ..." : "")}"));
        }

        if (InvalidNow.Count > 0)
        {
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{InvalidNow.Count} signature(s) expired or not yet valid: {string.Join(", ", InvalidNow.Take(5))}{(InvalidNow.Count > 5 ? ", ..." : "")}"));
        }

        if (SepKeysNotSigningKeys.Count > 0)
        {
            findings.Add($"key signing key(s) {string.Join(", ", SepKeysNotSigningKeys)} do not sign the DNSKEY RRset");
        }

        if (UnknownSigningKeys.Count > 0)
        {
            findings.Add($"signatures by key tag(s) {string.Join(", ", UnknownSigningKeys)}, which the zone does not publish");
        }

        return findings;
    }

    /// <summary>NS at a delegation point and everything below one (glue) are not signed; the DS and NSEC at the cut are.</summary>
    private static bool IsDelegationOrGlue(string owner, string type, HashSet<string> cuts)
    {
        if (cuts.Contains(owner))
        {
            return type is not ("DS" or "NSEC");
        }

        return cuts.Any(cut => owner.EndsWith("." + cut, StringComparison.Ordinal));
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant() + ".";
}
