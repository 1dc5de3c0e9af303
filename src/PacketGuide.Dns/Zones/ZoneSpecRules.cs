using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// The checks of a zone spec as a whole, after each record passed on its own: CNAME alone at its name, not at the apex, one
/// target; MX, SRV and NS targets not CNAMEs (RFC 2181 10.3); in-zone targets that have addresses (BIND refuses an MX or
/// SRV whose in-zone target has none); host names of one label (a relative name written where values are absolute);
/// declared records an <c>ignore:</c> pattern hides; TTLs outside everyday bounds.
/// </summary>
public static class ZoneSpecRules
{
    /// <summary>Below and above these a TTL is legal but almost always a mistake (a warning).</summary>
    private const int LowTtl = 30;
    private const int HighTtl = 7 * 86_400;

    public static IEnumerable<ZoneFinding> Check(ZoneSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var findings = new List<ZoneFinding>();
        void Add(DeclaredRecordSet at, ZoneFindingSeverity severity, string rule, string message) =>
            findings.Add(new ZoneFinding(spec.Path, at.Line, severity, rule, message));

        var byName = spec.RecordSets.ToLookup(d => d.Set.Name, StringComparer.OrdinalIgnoreCase);
        bool Has(string name, string type) => byName[name].Any(d => d.Set.Type == type);

        foreach (var declared in spec.RecordSets)
        {
            var set = declared.Set;
            if (set.Type == "CNAME")
            {
                if (set.Name.Equals(spec.Zone, StringComparison.OrdinalIgnoreCase))
                {
                    Add(declared, ZoneFindingSeverity.Error, "cname-apex", $"{set.Name} is the zone apex; it holds SOA and NS, so it cannot be a CNAME (RFC 1034). Use A/AAAA records there.");
                }

                var others = byName[set.Name].Where(d => d.Set.Type != "CNAME").Select(d => $"{d.Set.Type} (line {d.Line})").ToList();
                if (others.Count > 0)
                {
                    Add(declared, ZoneFindingSeverity.Error, "cname-exclusive", $"{set.Name} is a CNAME and also has {string.Join(", ", others)}; a CNAME must be alone at its name (RFC 1034).");
                }

                if (set.Values.Count > 1)
                {
                    Add(declared, ZoneFindingSeverity.Error, "cname-single", $"{set.Name} CNAME has {set.Values.Count} targets; a CNAME has exactly one.");
                }
            }

            foreach (var target in Targets(set))
            {
                if (target == ".")
                {
                    continue;
                }

                if (target.Count(c => c == '.') == 1)
                {
                    Add(declared, ZoneFindingSeverity.Warning, "target-one-label",
                        $"{set.Name} {set.Type}: target '{target}' is a single-label name; values are absolute, so write it in full ({target.TrimEnd('.')}.{spec.Zone}).");
                    continue;
                }

                var inZone = Query.QueryName.IsInZone(target, spec.Zone);
                if (!inZone || spec.Ignore.Any(p => NamePattern.IsMatch(p, target, spec.Zone)))
                {
                    continue;
                }

                if (set.Type != "CNAME" && Has(target, "CNAME"))
                {
                    Add(declared, ZoneFindingSeverity.Error, "target-cname", $"{set.Name} {set.Type}: target {target} is a CNAME; {set.Type} targets must be names with addresses (RFC 2181 10.3).");
                }
                else if (!Has(target, "A") && !Has(target, "AAAA") && !Has(target, "CNAME"))
                {
                    Add(declared, set.Type is "MX" or "SRV" ? ZoneFindingSeverity.Error : ZoneFindingSeverity.Warning, "target-missing",
                        $"{set.Name} {set.Type}: target {target} is in the zone but the spec gives it no A or AAAA" +
                        (set.Type is "MX" or "SRV" ? " (BIND refuses such an update)." : " (it will not resolve)."));
                }
            }

            if (spec.Ignore.FirstOrDefault(p => NamePattern.IsMatch(p, set.Name, spec.Zone)) is { } pattern)
            {
                Add(declared, ZoneFindingSeverity.Warning, "ignored-declared", $"{set.Name} {set.Type} matches ignore pattern '{pattern}', so it is never applied.");
            }

            if (set.Ttl is < LowTtl or > HighTtl)
            {
                Add(declared, ZoneFindingSeverity.Warning, "ttl-range", $"{set.Name} {set.Type}: TTL {set.Ttl} is outside {LowTtl} s to 7 days; legal, but check it is meant.");
            }

            if (OwnershipMarkers.IsMarkerName(set.Name))
            {
                Add(declared, ZoneFindingSeverity.Error, "marker-name", $"{set.Name}: names starting _pguide are PacketGuide's ownership markers; use another name.");
            }
        }

        return findings;
    }

    /// <summary>The host names a value points at (CNAME, NS, PTR, MX, SRV); values are in stored form, so absolute.</summary>
    private static IEnumerable<string> Targets(DnsRecordSet set) => set.Type switch
    {
        "CNAME" or "NS" => set.Values,
        "MX" => set.Values.Select(v => v[(v.IndexOf(' ', StringComparison.Ordinal) + 1)..]),
        "SRV" => set.Values.Select(v => v[(v.LastIndexOf(' ') + 1)..]),
        _ => [],
    };
}
