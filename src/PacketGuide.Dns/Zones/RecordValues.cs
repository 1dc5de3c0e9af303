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

        return type is "TXT" or "SPF" ? Text(trimmed) : string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// TXT as the octets of its character-strings (hex, one word a string): <c>\;</c>, <c>\(</c>, <c>\065</c> and a raw
    /// UTF-8 character are the octets they stand for. ARSoft writes <c>"a\;b"</c> and <c>\195\169</c> where PowerDNS writes
    /// <c>"a;b"</c> and <c>é</c>: the same text.
    /// </summary>
    private static string Text(string value)
    {
        var key = new System.Text.StringBuilder(value.Length * 2);
        var octets = new List<byte>(value.Length);
        var quoted = false;
        var inToken = false;
        void End()
        {
            if (key.Length > 0)
            {
                key.Append(' ');
            }

            key.Append(Convert.ToHexString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(octets)));
            octets.Clear();
            inToken = false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                if (i + 3 < value.Length && char.IsAsciiDigit(value[i + 1]) && char.IsAsciiDigit(value[i + 2]) && char.IsAsciiDigit(value[i + 3]))
                {
                    octets.Add((byte)int.Parse(value.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
                    i += 3;
                }
                else
                {
                    i += AddUtf8(value, i + 1, octets);
                }

                inToken = true;
            }
            else if (c == '"')
            {
                if (quoted)
                {
                    End();
                }

                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (inToken)
                {
                    End();
                }
            }
            else
            {
                i += AddUtf8(value, i, octets) - 1;
                inToken = true;
            }
        }

        if (inToken || quoted)
        {
            End();
        }

        return key.ToString();
    }

    /// <summary>Adds the UTF-8 octets of the character at <paramref name="index"/> (a surrogate pair whole); returns how many chars it took.</summary>
    private static int AddUtf8(string text, int index, List<byte> octets)
    {
        var c = text[index];
        if (c < 0x80)
        {
            octets.Add((byte)c);
            return 1;
        }

        var length = char.IsHighSurrogate(c) && index + 1 < text.Length ? 2 : 1;
        Span<byte> buffer = stackalloc byte[8];
        var written = System.Text.Encoding.UTF8.GetBytes(text.AsSpan(index, length), buffer);
        foreach (var octet in buffer[..written])
        {
            octets.Add(octet);
        }

        return length;
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
