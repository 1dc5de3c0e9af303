using System.Globalization;
using System.Text;
using PacketGuide.Dns.Providers;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Writes a zone spec from live RRsets (<c>pguide dns import</c>): names relative to the zone (<c>@</c> for the apex), the
/// most common TTL as the default, one flow mapping a record, sorted by name and type. The SOA (the server keeps its serial),
/// PacketGuide's markers and external-dns's records are left out; the header says what was left out.
/// </summary>
public static class ZoneSpecWriter
{
    public static string Write(string zone, IReadOnlyList<DnsRecordSet> live, string source)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(live);
        var claimed = live.Where(ExternalDnsRegistry.IsRegistryRecord).SelectMany(ExternalDnsRegistry.Claims).ToList();
        bool External(DnsRecordSet set) => ExternalDnsRegistry.IsRegistryRecord(set)
            || claimed.Any(c => c.Name.Equals(set.Name, StringComparison.OrdinalIgnoreCase) && (c.Type is null || c.Type == set.Type));
        var kept = live.Where(s => !(s.Type == "SOA" && s.Name.Equals(zone, StringComparison.OrdinalIgnoreCase)) && !OwnershipMarkers.IsMarkerName(s.Name) && !External(s))
            .OrderBy(s => s.Name.Equals(zone, StringComparison.OrdinalIgnoreCase) ? "" : string.Join('.', s.Name.TrimEnd('.').Split('.').Reverse()), StringComparer.Ordinal)
            .ThenBy(s => s.Type, StringComparer.Ordinal)
            .ToList();
        var external = live.Count(External);
        var ttl = DnsRecordSets.CommonTtl(kept, DnsRecordEditor.DefaultTtl);

        var records = new YamlSequenceNode();
        foreach (var set in kept)
        {
            var record = new YamlMappingNode { Style = MappingStyle.Flow };
            record.Add("name", NamePattern.Relative(set.Name, zone));
            record.Add("type", set.Type);
            if (set.Ttl != ttl)
            {
                record.Add("ttl", set.Ttl.ToString(CultureInfo.InvariantCulture));
            }

            if (set.Values.Count == 1)
            {
                record.Add("value", new YamlScalarNode(set.Values[0]));
            }
            else
            {
                // Sorted: servers keep no order, and a stable order keeps diffs of the spec in Git small.
                record.Add("values", new YamlSequenceNode(set.Values.Order(StringComparer.Ordinal).Select(v => new YamlScalarNode(v))) { Style = SequenceStyle.Flow });
            }

            records.Add(record);
        }

        var root = new YamlMappingNode
        {
            { "zone", zone.TrimEnd('.') },
            { "ttl", ttl.ToString(CultureInfo.InvariantCulture) },
            { "records", records },
        };
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {zone.TrimEnd('.')}: {kept.Count} RRsets imported from {source}.\n");
        text.Append("# Names are relative to the zone (@ is the apex); host names in values are absolute. Left out: the SOA (the\n");
        text.Append("# server keeps its serial)");
        text.Append(external > 0 ? string.Create(CultureInfo.InvariantCulture, $", {external} RRsets external-dns owns") : "");
        text.Append(" and DNSSEC records (declare `dnssec:` instead). Check with `pguide dns check`, then `pguide dns plan`.\n");
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var yaml = text.ToString();
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
    }
}
