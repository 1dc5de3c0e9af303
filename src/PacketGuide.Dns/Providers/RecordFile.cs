using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// A bulk file for <c>pguide dns record apply-file</c>: CSV lines <c>name,type,ttl,value</c> (a header line and '#'
/// comments are skipped; the value is everything after the third comma, so TXT text may hold commas), or YAML
/// (<c>records: [{name, type, ttl, values: [...]}]</c>, <c>value:</c> for one). Rows with the same name and type form one
/// RRset. Every row is checked; errors name the line.
/// </summary>
public static class RecordFile
{
    /// <summary>The RRsets of the file, each with its zone (the longest of <paramref name="zones"/> that holds its name).</summary>
    public static (List<(string Zone, DnsRecordSet Set)> Sets, List<string> Errors) Read(IEnumerable<string> lines, IReadOnlyList<string> zones, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = new List<(int Line, string[] Fields)>();
        var errors = new List<string>();
        var number = 0;
        var first = true;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // The header, if any, is the first line that is not blank or a comment.
            var header = first && line.StartsWith("name,", StringComparison.OrdinalIgnoreCase);
            first = false;
            if (header)
            {
                continue;
            }

            var fields = line.Split(',', 4);
            if (fields.Length != 4)
            {
                errors.Add($"{path}:{number}: expected name,type,ttl,value");
                continue;
            }

            rows.Add((number, fields));
        }

        return Collect(rows, zones, path, errors);
    }

    /// <summary>The YAML form: <c>records:</c> a list of <c>{name, type, ttl, values: [...]}</c> (or <c>value:</c>).</summary>
    public static (List<(string Zone, DnsRecordSet Set)> Sets, List<string> Errors) ReadYaml(string text, IReadOnlyList<string> zones, string path)
    {
        var errors = new List<string>();
        var rows = new List<(int Line, string[] Fields)>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return ([], [$"{path}:{ex.Start.Line}: not valid YAML ({ex.Message})"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("records"), out var list) || list is not YamlSequenceNode records)
        {
            return ([], [$"{path}: expected 'records:' with a list of {{name, type, ttl, values}}"]);
        }

        foreach (var item in records.Children)
        {
            var line = (int)item.Start.Line;
            if (item is not YamlMappingNode entry)
            {
                errors.Add($"{path}:{line}: each record is a mapping {{name, type, ttl, values}}");
                continue;
            }

            string? Scalar(string key) => entry.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            var values = entry.Children.TryGetValue(new YamlScalarNode("values"), out var many) && many is YamlSequenceNode seq
                ? seq.Children.OfType<YamlScalarNode>().Select(v => v.Value ?? "").ToList()
                : Scalar("value") is { } one ? [one] : [];
            if (Scalar("name") is not { } name || Scalar("type") is not { } type || values.Count == 0)
            {
                errors.Add($"{path}:{line}: a record needs name, type and value or values");
                continue;
            }

            foreach (var value in values)
            {
                rows.Add((line, [name, type, Scalar("ttl") ?? "3600", value]));
            }
        }

        return Collect(rows, zones, path, errors);
    }

    private static (List<(string Zone, DnsRecordSet Set)> Sets, List<string> Errors) Collect(List<(int Line, string[] Fields)> rows, IReadOnlyList<string> zones,
        string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var sets = new Dictionary<(string Name, string Type), (string Zone, int Ttl, List<string> Values, int Line)>();
        foreach (var (number, fields) in rows)
        {
            var name = fields[0].Trim().TrimEnd('.').ToLowerInvariant() + ".";
            var type = fields[1].Trim().ToUpperInvariant();
            var zone = DnsRecordEditor.ZoneOf(zones, name);
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

        // In file order, whichever pass found them.
        errors.Sort((a, b) => LineOf(a, path).CompareTo(LineOf(b, path)));
        return ([.. sets.Select(p => (p.Value.Zone, new DnsRecordSet(p.Key.Name, p.Key.Type, p.Value.Ttl, p.Value.Values)))], errors);
    }

    private static int LineOf(string error, string path) =>
        error.Length > path.Length + 1 && int.TryParse(error.AsSpan(path.Length + 1, error.IndexOf(':', path.Length + 1) is var end and > 0 ? end - path.Length - 1 : 0),
            NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : 0;
}
