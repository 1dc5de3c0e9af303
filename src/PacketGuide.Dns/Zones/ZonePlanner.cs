using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// The diff between a zone spec and the zone as its provider lists it. Declared RRsets that are missing or differ are
/// created or updated; a live RRset the spec does not declare is deleted only when PacketGuide's marker for this owner
/// lists it (<see cref="OwnershipMarkers"/>); anything matching an <c>ignore:</c> pattern, claimed by external-dns or by
/// another owner is left alone; the apex SOA is never deleted. Then the safety limits are checked.
/// </summary>
public static class ZonePlanner
{
    public static ZonePlan Plan(ZoneSpec spec, string provider, IReadOnlyList<DnsRecordSet> live)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(live);
        static (string, string) Key(string name, string type) => (name.ToLowerInvariant(), type);

        // What the zone says about ownership: PacketGuide's markers and external-dns's registry.
        var ours = new HashSet<(string, string)>();
        var theirs = new Dictionary<(string, string), string>();
        var oursByName = new Dictionary<string, DnsRecordSet>(StringComparer.OrdinalIgnoreCase);
        var externalNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var externalTypes = new HashSet<(string, string)>();
        foreach (var set in live)
        {
            if (OwnershipMarkers.TryRead(set, out var name, out var owner, out var types))
            {
                foreach (var type in types)
                {
                    if (owner == spec.Owner)
                    {
                        ours.Add(Key(name, type));
                    }
                    else
                    {
                        theirs[Key(name, type)] = owner;
                    }
                }

                if (owner == spec.Owner)
                {
                    oursByName[name] = set;
                }
            }
            else if (ExternalDnsRegistry.IsRegistryRecord(set))
            {
                foreach (var (name2, type) in ExternalDnsRegistry.Claims(set))
                {
                    if (type is null)
                    {
                        externalNames.Add(name2);
                    }
                    else
                    {
                        externalTypes.Add(Key(name2, type));
                    }
                }
            }
        }

        string? Reason(string name, string type) =>
            spec.Ignore.FirstOrDefault(p => NamePattern.IsMatch(p, name, spec.Zone)) is { } pattern ? $"matches ignore pattern '{pattern}'"
            : externalNames.Contains(name) || externalTypes.Contains(Key(name, type)) ? "owned by external-dns (TXT registry)"
            : theirs.TryGetValue(Key(name, type), out var other) ? $"managed by PacketGuide owner '{other}', not '{spec.Owner}'"
            : null;

        var liveByKey = new Dictionary<(string, string), DnsRecordSet>();
        foreach (var set in live.Where(s => !OwnershipMarkers.IsMarkerName(s.Name)))
        {
            liveByKey[Key(set.Name, set.Type)] = set;
        }

        var changes = new List<ZonePlanChange>();
        var leftAlone = new List<(DnsRecordSet, string)>();
        var declaredKeys = new HashSet<(string, string)>();
        var managedTypes = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var declared in spec.RecordSets)
        {
            var set = declared.Set;
            declaredKeys.Add(Key(set.Name, set.Type));
            if (Reason(set.Name, set.Type) is { } reason)
            {
                leftAlone.Add((set, $"declared, but {reason}: not changed"));
                continue;
            }

            if (!managedTypes.TryGetValue(set.Name, out var typesAtName))
            {
                managedTypes[set.Name] = typesAtName = new SortedSet<string>(StringComparer.Ordinal);
            }

            typesAtName.Add(set.Type);
            if (!liveByKey.TryGetValue(Key(set.Name, set.Type), out var current))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Create, null, set));
            }
            else if (!RecordValues.Same(current, set))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Update, current, set));
            }
        }

        var unmanaged = new List<DnsRecordSet>();
        foreach (var (key, set) in liveByKey)
        {
            if (declaredKeys.Contains(key) || (set.Type == "SOA" && set.Name.Equals(spec.Zone, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (ExternalDnsRegistry.IsRegistryRecord(set) || Reason(set.Name, set.Type) is not null)
            {
                leftAlone.Add((set, ExternalDnsRegistry.IsRegistryRecord(set) ? "external-dns registry record" : Reason(set.Name, set.Type)!));
            }
            else if (ours.Contains(key))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Delete, set, null));
            }
            else
            {
                unmanaged.Add(set);
            }
        }

        var plan = new ZonePlan
        {
            Zone = spec.Zone,
            Provider = provider,
            SpecPath = spec.Path,
            Owner = spec.Owner,
            Changes = [.. changes.OrderBy(c => c.Action == ZoneChangeAction.Delete ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Type, StringComparer.Ordinal)],
            MarkerChanges = MarkerChanges(spec, managedTypes, oursByName, live),
            Unmanaged = [.. unmanaged.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal)],
            LeftAlone = leftAlone,
            LiveRecordSets = liveByKey.Count,
            Fingerprint = Fingerprint(live),
        };
        return plan with { Refusals = Refusals(plan, spec) };
    }

    /// <summary>The markers the spec's names need (types as declared), against this owner's markers in the zone.</summary>
    private static List<ZonePlanChange> MarkerChanges(ZoneSpec spec, Dictionary<string, SortedSet<string>> managedTypes,
        Dictionary<string, DnsRecordSet> oursByName, IReadOnlyList<DnsRecordSet> live)
    {
        var liveMarkers = live.Where(s => OwnershipMarkers.IsMarkerName(s.Name) && s.Type == "TXT")
            .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var changes = new List<ZonePlanChange>();
        foreach (var (name, types) in managedTypes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var wanted = OwnershipMarkers.For(name, spec.Owner, types, spec.DefaultTtl);
            if (!liveMarkers.TryGetValue(wanted.Name, out var current))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Create, null, wanted));
            }
            else if (!RecordValues.Same(current, wanted))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Update, current, wanted));
            }
        }

        foreach (var (name, marker) in oursByName.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // A marker for a name the spec now ignores stays: ignored names are not PacketGuide's to touch.
            if (!managedTypes.ContainsKey(name) && !spec.Ignore.Any(p => NamePattern.IsMatch(p, name, spec.Zone)))
            {
                changes.Add(new ZonePlanChange(ZoneChangeAction.Delete, marker, null));
            }
        }

        return changes;
    }

    /// <summary>The safety rails: shares of updates and deletes, and root NS/SOA changes.</summary>
    private static List<string> Refusals(ZonePlan plan, ZoneSpec spec)
    {
        var refusals = new List<string>();
        var safety = spec.Safety;
        if (plan.LiveRecordSets >= safety.MinimumRecordSets && plan.LiveRecordSets > 0)
        {
            foreach (var (action, limit, key) in new[] { (ZoneChangeAction.Update, safety.MaxUpdatePercent, "max-update-percent"), (ZoneChangeAction.Delete, safety.MaxDeletePercent, "max-delete-percent") })
            {
                var count = plan.Count(action);
                var percent = count * 100.0 / plan.LiveRecordSets;
                if (percent > limit)
                {
                    refusals.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{plan.Zone}: {count} of {plan.LiveRecordSets} RRsets ({percent:0.#} %) would be {(action == ZoneChangeAction.Update ? "updated" : "deleted")}; " +
                        $"the limit is {limit} % (safety.{key} in {spec.Path}). Check the plan, then apply with --force, or raise the limit."));
                }
            }
        }

        foreach (var change in plan.Changes.Where(c => c.Type is "NS" or "SOA" && c.Name.Equals(plan.Zone, StringComparison.OrdinalIgnoreCase)))
        {
            refusals.Add($"{plan.Zone}: the plan would {change.Action.ToString().ToLowerInvariant()} the zone's own {change.Type} RRset; " +
                "a mistake there takes the whole zone down, so it always needs --force.");
        }

        return refusals;
    }

    /// <summary>SHA-256 over every RRset (name, type, TTL, values as <see cref="RecordValues"/> keys), in a fixed order.</summary>
    public static string Fingerprint(IEnumerable<DnsRecordSet> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var text = new StringBuilder();
        foreach (var set in live.OrderBy(s => s.Name.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal))
        {
            text.Append(set.Name.ToLowerInvariant()).Append(' ').Append(set.Type).Append(' ').Append(set.Ttl.ToString(CultureInfo.InvariantCulture));
            foreach (var key in RecordValues.Keys(set).Order(StringComparer.Ordinal))
            {
                text.Append(' ').Append(key);
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
