using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// An RFC 1035 zone file (as BIND and PowerDNS's zone2sql read them) as RRsets, by ARSoft.Tools.Net's parser. ARSoft 3.6.1
/// returns no records at all for a file with parentheses (the usual SOA), without an error, so the groups in parentheses
/// are first joined onto one line (outside quoted strings and comments), a record without a TTL gets <c>$TTL</c> as the
/// servers give it, and a file with records that reads as none is an error, never an empty zone.
/// </summary>
public static class ZoneFileReader
{
    /// <exception cref="FormatException">The file is not a zone file ARSoft can read; the message names the file.</exception>
    public static async Task<IReadOnlyList<DnsRecordSet>> ReadAsync(string path, string zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Read(text, zone, path);
    }

    public static IReadOnlyList<DnsRecordSet> Read(string text, string zone, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<DnsRecordSet> sets;
        try
        {
            var records = Zone.ParseMasterFile(DomainName.Parse(zone), new MemoryStream(Encoding.UTF8.GetBytes(RepeatTtl(Flatten(text)))));
            sets = ArsoftRecordSets.Group(records);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a zone file of {zone} that can be read ({ex.Message}).", ex);
        }

        var outside = sets.Where(set => !Query.QueryName.IsInZone(set.Name, zone)).ToList();
        if (outside.Count > 0)
        {
            throw new FormatException($"{path}: {string.Join(", ", outside.Take(3).Select(o => $"{o.Name} {o.Type}"))}{(outside.Count > 3 ? ", ..." : "")} " +
                $"is outside the zone {zone} (a missing trailing dot, or the file of another zone?).");
        }

        if (sets.Count == 0 && text.Split('\n').Any(l => l.Trim() is { Length: > 0 } t && !t.StartsWith(';') && !t.StartsWith('$')))
        {
            throw new FormatException($"{path}: has records, but none could be read as zone {zone} (is it the right zone, in RFC 1035 format?).");
        }

        return sets;
    }

    /// <summary>
    /// The file with its <c>$TTL</c> repeated after every record. ARSoft gives a record without a TTL the TTL of the record
    /// before it (RFC 1035's old rule); BIND and PowerDNS give it <c>$TTL</c> (RFC 2308), so after <c>big 60 IN TXT ...</c>
    /// the next records would read as 60 s where the servers serve 300.
    /// </summary>
    internal static string RepeatTtl(string text)
    {
        var result = new StringBuilder(text.Length);
        string? ttl = null;
        foreach (var line in text.Split('\n'))
        {
            result.Append(line).Append('\n');
            if (line.StartsWith("$TTL", StringComparison.OrdinalIgnoreCase))
            {
                ttl = line;
            }
            else if (ttl is not null && line.Length > 0 && line[0] != '$')
            {
                result.Append(ttl).Append('\n');
            }
        }

        return result.ToString();
    }

    /// <summary>The file with each group in parentheses on one line and its parentheses and comments removed.</summary>
    internal static string Flatten(string text)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    result.Append(text[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    result.Append(c);
                    break;
                case '\\' when i + 1 < text.Length:
                    result.Append(c).Append(text[++i]);
                    break;
                case ';':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '(':
                    depth++;
                    result.Append(' ');
                    break;
                case ')' when depth > 0:
                    depth--;
                    result.Append(' ');
                    break;
                case '\r':
                    break;
                case '\n':
                    result.Append(depth > 0 ? ' ' : '\n');
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        // A line left with blanks only (a comment line) would read as a record of the previous owner with no data.
        return string.Join('\n', result.ToString().Split('\n').Select(l => string.IsNullOrWhiteSpace(l) ? "" : l));
    }
}
