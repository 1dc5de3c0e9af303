using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// Checks a record before anything is sent, and writes it the way providers store it. Names: relative ones (<c>www</c>,
/// <c>@</c>) are in the zone, absolute ones must be inside it, IDN goes to punycode, labels at most 63 octets and names 255.
/// Values: A/AAAA are address literals of their family; CNAME, NS, PTR, MX and SRV targets are host names (made absolute);
/// TXT text without quotes is quoted (and cut into 255-octet strings); TTL 0 to 2,147,483,647 (RFC 2181). Each error names
/// the value and the rule.
/// </summary>
public static class RecordInput
{
    public const int MaxTtl = int.MaxValue;

    /// <summary>The owner name, absolute and inside <paramref name="zone"/>.</summary>
    public static bool TryOwner(string zone, string name, [NotNullWhen(true)] out string? owner, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(name);
        owner = null;
        // "www" and "@" are relative; "www.example.com" (no trailing dot) already ends in the zone and is taken as absolute.
        var bare = zone.TrimEnd('.');
        var text = name == "@" ? zone
            : name.EndsWith('.') ? name
            : name.Equals(bare, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + bare, StringComparison.OrdinalIgnoreCase) ? name + "."
            : $"{name}.{zone}";
        if (!QueryName.TryNormalize(text, out var normalized, out error))
        {
            return false;
        }

        if (!QueryName.IsInZone(normalized, zone))
        {
            error = $"'{name}' is not inside the zone {zone} (give a relative name like 'www', or one ending in .{zone}).";
            return false;
        }

        owner = normalized.ToLowerInvariant();
        return true;
    }

    public static bool TryTtl(long ttl, out string? error)
    {
        error = ttl is < 0 or > MaxTtl
            ? string.Create(CultureInfo.InvariantCulture, $"TTL {ttl} is outside 0-{MaxTtl} seconds (RFC 2181).")
            : null;
        return error is null;
    }

    /// <summary>The values in stored form, or the first error.</summary>
    public static bool TryValues(string type, IReadOnlyList<string> values, [NotNullWhen(true)] out List<string>? normalized, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        normalized = [];
        if (values.Count == 0)
        {
            error = "give at least one value.";
            normalized = null;
            return false;
        }

        foreach (var value in values)
        {
            if (!TryValue(type.ToUpperInvariant(), value.Trim(), out var stored, out error))
            {
                normalized = null;
                return false;
            }

            normalized.Add(stored);
        }

        error = null;
        return true;
    }

    private static bool TryValue(string type, string value, [NotNullWhen(true)] out string? stored, [NotNullWhen(false)] out string? error)
    {
        stored = null;
        error = null;
        switch (type)
        {
            case "A" or "AAAA":
            {
                var family = type == "A" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (!IPAddress.TryParse(value, out var address) || address.AddressFamily != family || (type == "A" && value.Count(c => c == '.') != 3))
                {
                    error = $"{type} value '{value}' is not an {(type == "A" ? "IPv4" : "IPv6")} address.";
                    return false;
                }

                stored = address.ToString();
                return true;
            }

            case "CNAME" or "NS" or "PTR":
                return TryTarget(type, value, value, out stored, out error);

            case "MX":
            {
                var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 2 || !ushort.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var preference))
                {
                    error = $"MX value '{value}' must be 'PREFERENCE HOST' (e.g. '10 mail.example.com.'), preference 0-65535.";
                    return false;
                }

                if (!TryTarget(type, value, fields[1], out var host, out error))
                {
                    return false;
                }

                stored = string.Create(CultureInfo.InvariantCulture, $"{preference} {host}");
                return true;
            }

            case "SRV":
            {
                var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 4 || !fields.Take(3).All(f => ushort.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                {
                    error = $"SRV value '{value}' must be 'PRIORITY WEIGHT PORT TARGET' (e.g. '10 60 5060 sip.example.com.'), numbers 0-65535.";
                    return false;
                }

                if (!TryTarget(type, value, fields[3], out var target, out error))
                {
                    return false;
                }

                stored = $"{fields[0]} {fields[1]} {fields[2]} {target}";
                return true;
            }

            case "TXT" or "SPF":
                return TryText(value, out stored, out error);

            default:
                if (value.Length == 0 || value.Any(char.IsControl))
                {
                    error = $"{type} value '{value}' is empty or has control characters.";
                    return false;
                }

                stored = value;
                return true;
        }
    }

    /// <summary>A host name in a value: absolute (a trailing dot is added; values name hosts anywhere, not only in the zone).</summary>
    private static bool TryTarget(string type, string value, string host, [NotNullWhen(true)] out string? stored, [NotNullWhen(false)] out string? error)
    {
        stored = null;
        if (host == "." && type is "MX" or "SRV")
        {
            stored = "."; // RFC 7505 null MX, RFC 2782 "no service"
            error = null;
            return true;
        }

        if (!QueryName.TryNormalize(host, out var name, out var nameError))
        {
            error = $"{type} value '{value}': the host {nameError}";
            return false;
        }

        stored = name.ToLowerInvariant();
        error = null;
        return true;
    }

    /// <summary>TXT: quoted strings as given (each at most 255 octets), or plain text quoted and cut into 255-octet strings.</summary>
    private static bool TryText(string value, [NotNullWhen(true)] out string? stored, [NotNullWhen(false)] out string? error)
    {
        stored = null;
        if (value.StartsWith('"'))
        {
            // Given in presentation form: check each quoted string's length (escapes count as one octet each).
            var strings = 0;
            var length = 0;
            var inString = false;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (!inString)
                {
                    if (c == '"')
                    {
                        inString = true;
                        length = 0;
                        strings++;
                    }
                    else if (c != ' ')
                    {
                        error = $"TXT value {Cut(value)} has text outside quotes; quote every string or give plain text without quotes.";
                        return false;
                    }

                    continue;
                }

                if (c == '\\' && i + 1 < value.Length)
                {
                    i += char.IsAsciiDigit(value[i + 1]) ? 3 : 1;
                    length++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                else
                {
                    length += Encoding.UTF8.GetByteCount([c]);
                }

                if (length > 255)
                {
                    error = $"TXT value {Cut(value)}: string {strings} is longer than 255 octets; split it into several quoted strings.";
                    return false;
                }
            }

            if (inString)
            {
                error = $"TXT value {Cut(value)} has an unclosed quote.";
                return false;
            }

            stored = value;
            error = null;
            return true;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var parts = new List<string>();
        for (var offset = 0; offset < bytes.Length || parts.Count == 0; offset += 255)
        {
            parts.Add(Quote(bytes.AsSpan(offset, Math.Min(255, bytes.Length - offset))));
        }

        stored = string.Join(' ', parts);
        error = null;
        return true;
    }

    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        var s = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (var b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                s.Append('\\').Append((char)b);
            }
            else if (b is < 0x20 or > 0x7e)
            {
                s.Append(CultureInfo.InvariantCulture, $"\\{b:D3}");
            }
            else
            {
                s.Append((char)b);
            }
        }

        return s.Append('"').ToString();
    }

    private static string Cut(string value) => value.Length > 60 ? string.Concat(value.AsSpan(0, 60), "...") : value;
}
