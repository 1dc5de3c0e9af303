using System.Net;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Values compared as a server means them, not as text: addresses in canonical form, host names without case, runs of
/// blanks as one, and the less common types (CAA, TLSA, SSHFP, ...) as ARSoft.Tools.Net writes them after reading them
/// (BIND's AXFR shows <c>0 issue ca.example</c> where a spec says <c>0 issue "ca.example"</c>); so a plan does not show
/// changes that are only how a provider prints a value.
/// </summary>
public static class RecordValues
{
    private static readonly HashSet<string> s_nameTypes = ["CNAME", "NS", "PTR", "MX", "SRV", "DNAME", "SOA"];

    /// <summary>Types compared by the light rules above; any other goes through ARSoft's reader.</summary>
    private static readonly HashSet<string> s_plainTypes = ["A", "AAAA", "CNAME", "NS", "PTR", "MX", "SRV", "DNAME", "SOA", "TXT", "SPF"];

    public static string Key(string type, string value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (type is "A" or "AAAA" && IPAddress.TryParse(trimmed, out var address))
        {
            return address.ToString();
        }

        if (s_nameTypes.Contains(type))
        {
            trimmed = trimmed.ToLowerInvariant();
        }
        else if (!s_plainTypes.Contains(type) && ArsoftRecordSets.Canonical(type, trimmed) is { } canonical)
        {
            trimmed = canonical;
        }

        return type == "TXT" || type == "SPF" ? trimmed : string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Same TTL and the same values as a set.</summary>
    public static bool Same(DnsRecordSet a, DnsRecordSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Ttl == b.Ttl && Keys(a).SetEquals(Keys(b));
    }

    public static HashSet<string> Keys(DnsRecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return [.. set.Values.Select(v => Key(set.Type, v))];
    }
}
