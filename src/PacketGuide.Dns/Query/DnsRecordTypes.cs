using System.Collections.Frozen;
using System.Globalization;

namespace PacketGuide.Dns.Query;

/// <summary>Record type names and numbers (RFC 1035 and later; <c>TYPE65</c> for any number, as RFC 3597 writes it).</summary>
public static class DnsRecordTypes
{
    private static readonly FrozenDictionary<string, ushort> s_byName = new Dictionary<string, ushort>(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1, ["NS"] = 2, ["CNAME"] = 5, ["SOA"] = 6, ["PTR"] = 12, ["HINFO"] = 13, ["MX"] = 15, ["TXT"] = 16, ["RP"] = 17,
        ["AFSDB"] = 18, ["AAAA"] = 28, ["LOC"] = 29, ["SRV"] = 33, ["NAPTR"] = 35, ["CERT"] = 37, ["DNAME"] = 39, ["OPT"] = 41,
        ["DS"] = 43, ["SSHFP"] = 44, ["RRSIG"] = 46, ["NSEC"] = 47, ["DNSKEY"] = 48, ["NSEC3"] = 50, ["NSEC3PARAM"] = 51,
        ["TLSA"] = 52, ["CDS"] = 59, ["CDNSKEY"] = 60, ["SVCB"] = 64, ["HTTPS"] = 65, ["SPF"] = 99, ["AXFR"] = 252, ["ANY"] = 255,
        ["URI"] = 256, ["CAA"] = 257,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<ushort, string> s_byNumber = s_byName.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>Every type name this table knows, for help texts and completion.</summary>
    public static IEnumerable<string> Names => s_byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Reads a type name (case-insensitive) or <c>TYPEnnn</c>.</summary>
    public static bool TryParse(string text, out ushort type)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (s_byName.TryGetValue(text, out type))
        {
            return true;
        }

        return text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out type);
    }

    public static string Name(ushort type) => s_byNumber.TryGetValue(type, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"TYPE{type}");
}
