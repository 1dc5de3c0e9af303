using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Providers;

/// <summary>ARSoft.Tools.Net records (from an AXFR or a zone file) as PacketGuide's RRsets.</summary>
internal static class ArsoftRecordSets
{
    /// <summary>Record types the server maintains itself (DNSSEC, BIND's signing state); never listed or changed.</summary>
    private static readonly HashSet<string> s_serverOwned = new(StringComparer.OrdinalIgnoreCase) { "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY", "TYPE65534" };

    /// <summary>RRsets by name and type, in first-seen order, without the server's DNSSEC records; a repeated record once (AXFR ends with the SOA again).</summary>
    public static List<DnsRecordSet> Group(IEnumerable<DnsRecordBase> records)
    {
        var sets = new Dictionary<(string Name, string Type), (int Ttl, List<string> Values)>();
        foreach (var record in records)
        {
            var type = DnsRecordTypes.Name((ushort)record.RecordType);
            if (s_serverOwned.Contains(type))
            {
                continue;
            }

            var key = (record.Name.ToString().ToLowerInvariant(), type);
            if (!sets.TryGetValue(key, out var set))
            {
                sets[key] = set = (record.TimeToLive, []);
            }

            var data = ArsoftRecordData.Of(record);
            if (!set.Values.Contains(data, StringComparer.Ordinal))
            {
                set.Values.Add(data);
            }
        }

        return [.. sets.Select(p => new DnsRecordSet(p.Key.Name, p.Key.Type, p.Value.Ttl, p.Value.Values))];
    }

    /// <summary>
    /// A value as ARSoft writes it after reading it (<c>0 issue "ca.example"</c> and <c>0 issue ca.example</c> both come out
    /// the same), or null when ARSoft cannot read it as <paramref name="type"/>.
    /// </summary>
    public static string? Canonical(string type, string value)
    {
        try
        {
            var text = $"x. 0 IN {type} {value}\n";
            var records = Zone.ParseMasterFile(ARSoft.Tools.Net.DomainName.Root, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
            return records.Count == 1 ? ArsoftRecordData.Of(records.First()) : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }
}
