using System.Globalization;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// A bulk file for <c>pguide dns record apply-file</c>: CSV lines <c>name,type,ttl,value</c> (a header line and '#'
/// comments are skipped; the value is everything after the third comma, so TXT text may hold commas). Rows with the same
/// name and type form one RRset. Every row is checked; errors name the line.
/// </summary>
public static class RecordFile
{
    /// <summary>The RRsets of the file, each with its zone (the longest of <paramref name="zones"/> that holds its name).</summary>
    public static (List<(string Zone, DnsRecordSet Set)> Sets, List<string> Errors) Read(IEnumerable<string> lines, IReadOnlyList<string> zones, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(zones);
        var errors = new List<string>();
        var sets = new Dictionary<(string Name, string Type), (string Zone, int Ttl, List<string> Values, int Line)>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith("name,", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',', 4);
            if (fields.Length != 4)
            {
                errors.Add($"{path}:{number}: expected name,type,ttl,value");
                continue;
            }

            var name = fields[0].Trim().TrimEnd('.').ToLowerInvariant() + ".";
            var type = fields[1].Trim().ToUpperInvariant();
            var zone = zones.Where(z => name.Equals(z, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + z, StringComparison.OrdinalIgnoreCase))
                .MaxBy(z => z.Length);
            if (zone is null)
            {
                errors.Add($"{path}:{number}: {name} is in none of the provider's zones ({string.Join(", ", zones)})");
                continue;
            }

            if (!RecordInput.TryOwner(zone, name, out var owner, out var error)
                || !long.TryParse(fields[2].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || !RecordInput.TryTtl(ttl, out error)
                || !RecordInput.TryValues(type, [fields[3]], out var values, out error))
            {
                errors.Add($"{path}:{number}: {error ?? $"TTL '{fields[2].Trim()}' is not a number of seconds"}");
                continue;
            }

            if (!sets.TryGetValue((owner, type), out var set))
            {
                sets[(owner, type)] = set = (zone, (int)ttl, [], number);
            }
            else if (set.Ttl != ttl)
            {
                errors.Add($"{path}:{number}: {owner} {type} has TTL {ttl} here and {set.Ttl} on line {set.Line}; an RRset has one TTL");
                continue;
            }

            if (!set.Values.Contains(values[0], StringComparer.Ordinal))
            {
                set.Values.Add(values[0]);
            }
        }

        return ([.. sets.Select(p => (p.Value.Zone, new DnsRecordSet(p.Key.Name, p.Key.Type, p.Value.Ttl, p.Value.Values)))], errors);
    }
}
