using System.Globalization;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Reads <c>zones/&lt;zone&gt;.yaml</c> (YamlDotNet's node model, so every finding has its line) and checks it without
/// touching a server: unknown keys, names, types, TTLs, values (as <see cref="RecordInput"/> checks them for
/// <c>dns record</c>), then the zone as a whole (<see cref="ZoneSpecRules"/>). The spec is returned when nothing is an
/// error; warnings come with it.
/// </summary>
public static class ZoneSpecReader
{
    private static readonly HashSet<string> s_topKeys = ["zone", "ttl", "provider", "owner", "ignore", "safety", "dnssec", "records"];
    private static readonly HashSet<string> s_recordKeys = ["name", "type", "ttl", "value", "values"];
    private static readonly HashSet<string> s_safetyKeys = ["max-update-percent", "max-delete-percent", "minimum-record-sets"];
    private static readonly HashSet<string> s_dnssecKeys = ["enabled", "algorithm", "split-keys", "nsec3"];
    private static readonly HashSet<string> s_nsec3Keys = ["iterations", "salt", "opt-out"];

    /// <summary>Types the server keeps itself; a spec turns DNSSEC on with <c>dnssec:</c> instead.</summary>
    private static readonly HashSet<string> s_serverOwned = ["RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY"];

    /// <summary>Reads every spec under <paramref name="paths"/> (files, or directories whose *.yaml and *.yml files are read).</summary>
    public static async Task<(List<ZoneSpec> Specs, List<ZoneFinding> Findings)> ReadAllAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var specs = new List<ZoneSpec>();
        var findings = new List<ZoneFinding>();
        foreach (var file in Files(paths, findings))
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                findings.Add(new ZoneFinding(file, 0, ZoneFindingSeverity.Error, "file", $"cannot read it ({ex.Message})."));
                continue;
            }

            var (spec, found) = Read(text, file);
            findings.AddRange(found);
            if (spec is not null)
            {
                specs.Add(spec);
            }
        }

        foreach (var twice in specs.GroupBy(s => s.Zone).Where(g => g.Count() > 1))
        {
            findings.Add(new ZoneFinding(twice.Last().Path, 1, ZoneFindingSeverity.Error, "zone-twice",
                $"{twice.Key} is also declared in {twice.First().Path}; one file a zone."));
        }

        return (specs, findings);
    }

    private static List<string> Files(IEnumerable<string> paths, List<ZoneFinding> findings)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.*", SearchOption.TopDirectoryOnly)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                findings.Add(new ZoneFinding(path, 0, ZoneFindingSeverity.Error, "file", "no such file or directory."));
            }
        }

        return files;
    }

    /// <summary>One spec from its text; <paramref name="path"/> names it in findings.</summary>
    public static (ZoneSpec? Spec, List<ZoneFinding> Findings) Read(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<ZoneFinding>();
        void Error(YamlNode? node, string rule, string message) => findings.Add(new ZoneFinding(path, Line(node), ZoneFindingSeverity.Error, rule, message));

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            findings.Add(new ZoneFinding(path, (int)ex.Start.Line, ZoneFindingSeverity.Error, "yaml", $"not valid YAML: {ex.Message}"));
            return (null, findings);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            findings.Add(new ZoneFinding(path, 1, ZoneFindingSeverity.Error, "yaml", "expected a mapping with zone: and records: (see `pguide dns schema`)."));
            return (null, findings);
        }

        UnknownKeys(root, s_topKeys, "the top level", Error);
        var zoneNode = Child(root, "zone");
        if (Scalar(zoneNode) is not { Length: > 0 } zoneText)
        {
            Error(root, "zone", "'zone:' is missing: name the zone, e.g. zone: example.com");
            return (null, findings);
        }

        if (!QueryName.TryNormalize(zoneText.EndsWith('.') ? zoneText : zoneText + ".", out var zoneName, out var zoneError))
        {
            Error(zoneNode, "zone", zoneError);
            return (null, findings);
        }

        var zone = zoneName.ToLowerInvariant();
        var defaultTtl = Child(root, "ttl") is { } ttlNode ? Ttl(ttlNode, Error) ?? DnsRecordEditor.DefaultTtl : DnsRecordEditor.DefaultTtl;
        var spec = new ZoneSpec
        {
            Zone = zone,
            Path = path,
            DefaultTtl = defaultTtl,
            Provider = Child(root, "provider") is { } providerNode ? RequireScalar(providerNode, "provider", Error) : null,
            Owner = Child(root, "owner") is { } ownerNode ? Owner(ownerNode, Error) : OwnershipMarkers.DefaultOwner,
            Ignore = Child(root, "ignore") is { } ignoreNode ? Ignore(ignoreNode, Error) : [],
            Safety = Child(root, "safety") is { } safetyNode ? Safety(safetyNode, Error) : new ZoneSafety(),
            Dnssec = Child(root, "dnssec") is { } dnssecNode ? Dnssec(dnssecNode, Error) : null,
            RecordSets = Child(root, "records") is { } recordsNode ? Records(recordsNode, zone, defaultTtl, path, findings, Error) : [],
        };
        if (spec.RecordSets.Count > 0 || findings.All(f => f.Severity != ZoneFindingSeverity.Error))
        {
            findings.AddRange(ZoneSpecRules.Check(spec));
        }

        return (findings.Any(f => f.Severity == ZoneFindingSeverity.Error) ? null : spec, findings);
    }

    private static List<DeclaredRecordSet> Records(YamlNode node, string zone, int defaultTtl, string path, List<ZoneFinding> findings,
        Action<YamlNode?, string, string> error)
    {
        var sets = new List<DeclaredRecordSet>();
        if (node is not YamlSequenceNode list)
        {
            error(node, "records", "'records:' must be a list of {name, type, ttl, value | values}.");
            return sets;
        }

        var declared = new Dictionary<(string Name, string Type), int>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                error(item, "records", "each record is a mapping {name, type, ttl, value | values}.");
                continue;
            }

            UnknownKeys(entry, s_recordKeys, "a record", error);
            var line = Line(entry);
            var nameText = RequireScalar(Child(entry, "name"), "name", error, entry);
            var typeText = RequireScalar(Child(entry, "type"), "type", error, entry)?.Trim().ToUpperInvariant();
            var values = Values(entry, error);
            if (nameText is null || typeText is null || values is null)
            {
                continue;
            }

            if (!RecordInput.TryOwner(zone, nameText.Trim(), out var owner, out var ownerError))
            {
                error(Child(entry, "name"), ownerError.Contains("is not inside the zone", StringComparison.Ordinal) ? "out-of-zone" : "name", ownerError);
                continue;
            }

            if (!DnsRecordTypes.TryParse(typeText, out _) || typeText is "ANY" or "AXFR" or "IXFR" or "OPT")
            {
                error(Child(entry, "type"), "type", $"'{typeText}' is not a record type (A, AAAA, CNAME, MX, TXT, SRV, NS, PTR, CAA, ...).");
                continue;
            }

            if (s_serverOwned.Contains(typeText))
            {
                error(Child(entry, "type"), "server-owned", $"{typeText} records are made by the server when the zone is signed; declare `dnssec: {{enabled: true}}` instead.");
                continue;
            }

            var ttl = Child(entry, "ttl") is { } ttlNode ? Ttl(ttlNode, error) : defaultTtl;
            if (ttl is null)
            {
                continue;
            }

            if (!RecordInput.TryValues(typeText, values, out var normalized, out var valueError))
            {
                error(Child(entry, "values") ?? Child(entry, "value"), "value", $"{owner} {typeText}: {valueError}");
                continue;
            }

            if (declared.TryGetValue((owner, typeText), out var first))
            {
                error(entry, "rrset-twice", $"{owner} {typeText} is already declared on line {first}; give all its values in one record (values: [...]).");
                continue;
            }

            declared[(owner, typeText)] = line;
            var distinct = normalized.Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count < normalized.Count)
            {
                findings.Add(new ZoneFinding(path, line, ZoneFindingSeverity.Warning, "duplicate-value",
                    $"{owner} {typeText} lists a value twice ({string.Join(", ", normalized.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key))}); it is sent once."));
            }

            sets.Add(new DeclaredRecordSet(new DnsRecordSet(owner, typeText, ttl.Value, distinct), line));
        }

        return sets;
    }

    private static List<string>? Values(YamlMappingNode entry, Action<YamlNode?, string, string> error)
    {
        var one = Child(entry, "value");
        var many = Child(entry, "values");
        if (one is not null && many is not null)
        {
            error(entry, "values", "give either value: or values:, not both.");
            return null;
        }

        if (one is YamlScalarNode scalar)
        {
            return [scalar.Value ?? ""];
        }

        if (many is YamlSequenceNode sequence && sequence.Children.Count > 0 && sequence.Children.All(c => c is YamlScalarNode))
        {
            return [.. sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "")];
        }

        error(many ?? one ?? entry, "values", "a record needs value: TEXT or values: [TEXT, ...] (at least one).");
        return null;
    }

    private static int? Ttl(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (Scalar(node) is not { } text || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl))
        {
            error(node, "ttl", $"TTL '{Scalar(node)}' is not a whole number of seconds.");
            return null;
        }

        if (!RecordInput.TryTtl(ttl, out var ttlError))
        {
            error(node, "ttl", ttlError!);
            return null;
        }

        return (int)ttl;
    }

    private static string Owner(YamlNode node, Action<YamlNode?, string, string> error)
    {
        var owner = RequireScalar(node, "owner", error) ?? OwnershipMarkers.DefaultOwner;
        if (!OwnershipMarkers.IsValidOwner(owner))
        {
            error(node, "owner", $"owner '{owner}' may only hold letters, digits, '-', '_' and '.', at most 63 of them.");
            return OwnershipMarkers.DefaultOwner;
        }

        return owner;
    }

    private static List<string> Ignore(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (node is not YamlSequenceNode list || !list.Children.All(c => c is YamlScalarNode))
        {
            error(node, "ignore", "'ignore:' is a list of name patterns, e.g. [\"_acme-challenge.*\", \"k8s-*\"].");
            return [];
        }

        var patterns = new List<string>();
        foreach (var item in list.Children.Cast<YamlScalarNode>())
        {
            if (string.IsNullOrWhiteSpace(item.Value) || item.Value.Any(char.IsWhiteSpace))
            {
                error(item, "ignore", $"ignore pattern '{item.Value}' is empty or has spaces.");
                continue;
            }

            patterns.Add(item.Value);
        }

        return patterns;
    }

    private static ZoneSafety Safety(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, "safety", "'safety:' is a mapping {max-update-percent, max-delete-percent, minimum-record-sets}.");
            return new ZoneSafety();
        }

        UnknownKeys(map, s_safetyKeys, "safety", error);
        var defaults = new ZoneSafety();
        return new ZoneSafety(
            Number(Child(map, "max-update-percent"), 0, 100, defaults.MaxUpdatePercent, error),
            Number(Child(map, "max-delete-percent"), 0, 100, defaults.MaxDeletePercent, error),
            Number(Child(map, "minimum-record-sets"), 0, int.MaxValue, defaults.MinimumRecordSets, error));
    }

    private static ZoneDnssec? Dnssec(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, "dnssec", "'dnssec:' is a mapping {enabled, algorithm, split-keys, nsec3}.");
            return null;
        }

        UnknownKeys(map, s_dnssecKeys, "dnssec", error);
        var algorithm = Number(Child(map, "algorithm"), 0, 255, 13, error);
        if (algorithm is not (8 or 13 or 14 or 15))
        {
            error(Child(map, "algorithm"), "dnssec", $"algorithm {algorithm} is not offered: 8 (RSASHA256), 13 (ECDSAP256SHA256, the default), 14 (ECDSAP384SHA384) or 15 (ED25519).");
        }

        var dnssec = new ZoneDnssec(Flag(Child(map, "enabled"), true, error), algorithm, Flag(Child(map, "split-keys"), false, error));
        return Child(map, "nsec3") switch
        {
            null => dnssec,
            YamlScalarNode flag => dnssec with { Nsec3 = Flag(flag, false, error) },
            YamlMappingNode nsec3 => Nsec3(nsec3, dnssec, error),
            var other => Invalid(other),
        };

        ZoneDnssec Invalid(YamlNode other)
        {
            error(other, "dnssec", "nsec3: is true/false or {iterations, salt, opt-out}.");
            return dnssec;
        }
    }

    private static ZoneDnssec Nsec3(YamlMappingNode map, ZoneDnssec dnssec, Action<YamlNode?, string, string> error)
    {
        UnknownKeys(map, s_nsec3Keys, "nsec3", error);
        var salt = Scalar(Child(map, "salt")) ?? "";
        if (salt is "-")
        {
            salt = "";
        }

        if (salt.Length > 510 || salt.Length % 2 != 0 || !salt.All(char.IsAsciiHexDigit))
        {
            error(Child(map, "salt"), "dnssec", $"nsec3 salt '{salt}' must be hex digits (an even number, at most 255 octets), or empty.");
        }

        return dnssec with
        {
            Nsec3 = true,
            Nsec3Iterations = Number(Child(map, "iterations"), 0, 500, 0, error),
            Nsec3Salt = salt.ToLowerInvariant(),
            Nsec3OptOut = Flag(Child(map, "opt-out"), false, error),
        };
    }

    private static int Number(YamlNode? node, int min, int max, int fallback, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            return fallback;
        }

        if (Scalar(node) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error(node, "number", string.Create(CultureInfo.InvariantCulture, $"'{Scalar(node)}' must be a whole number from {min} to {max}."));
        return fallback;
    }

    private static bool Flag(YamlNode? node, bool fallback, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            return fallback;
        }

        if (bool.TryParse(Scalar(node), out var value))
        {
            return value;
        }

        error(node, "boolean", $"'{Scalar(node)}' must be true or false.");
        return fallback;
    }

    private static void UnknownKeys(YamlMappingNode map, HashSet<string> known, string where, Action<YamlNode?, string, string> error)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !known.Contains(name))
            {
                error(key, "unknown-key", $"'{Scalar(key)}' is not a key of {where} (known: {string.Join(", ", known)}).");
            }
        }
    }

    private static string? RequireScalar(YamlNode? node, string key, Action<YamlNode?, string, string> error, YamlNode? parent = null)
    {
        if (Scalar(node) is { Length: > 0 } value)
        {
            return value;
        }

        error(node ?? parent, key, $"'{key}:' is missing or empty.");
        return null;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    private static int Line(YamlNode? node) => node is null ? 0 : (int)node.Start.Line;
}
