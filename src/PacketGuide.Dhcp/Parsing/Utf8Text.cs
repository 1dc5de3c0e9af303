using System.Buffers.Text;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>Small allocation-free helpers for scanning UTF-8 log text.</summary>
internal static class Utf8Text
{
    /// <summary>The token up to the next space (or the end).</summary>
    public static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> text)
    {
        var space = text.IndexOf((byte)' ');
        return space < 0 ? text : text[..space];
    }

    /// <summary>Skips <paramref name="prefix"/> if <paramref name="text"/> starts with it.</summary>
    public static bool TrySkip(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix)
    {
        if (!text.StartsWith(prefix))
        {
            return false;
        }

        text = text[prefix.Length..];
        return true;
    }

    /// <summary>Moves past the first occurrence of <paramref name="marker"/>.</summary>
    public static bool TrySkipPast(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var at = text.IndexOf(marker);
        if (at < 0)
        {
            return false;
        }

        text = text[(at + marker.Length)..];
        return true;
    }

    /// <summary>The token that follows <paramref name="marker"/>, or empty.</summary>
    public static ReadOnlySpan<byte> TokenAfter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var at = text.IndexOf(marker);
        return at < 0 ? default : Token(text[(at + marker.Length)..]);
    }

    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> text) => text.Trim((byte)' ');

    /// <summary>Parses a non-negative decimal integer that is the whole span.</summary>
    public static bool TryParseNonNegative(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            var d = c - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    /// <summary>Parses <c>0x1a2b</c>-style hex (up to 32 bits) as Kea prints transaction ids.</summary>
    public static bool TryParseHex32(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.StartsWith("0x"u8))
        {
            text = text[2..];
        }

        return !text.IsEmpty && text.Length <= 8 && Utf8Parser.TryParse(text, out value, out var consumed, 'x') && consumed == text.Length;
    }

    /// <summary>
    /// The first space-separated token that is a dotted-quad IPv4 address once trailing <c>.</c>/<c>,</c> and a
    /// <c>/prefix</c> are cut off, or empty. Only tokens that start with a digit are looked at, in one pass.
    /// </summary>
    public static ReadOnlySpan<byte> FirstIPv4Token(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if ((uint)(text[i] - '0') > 9 || (i > 0 && text[i - 1] != ' '))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < text.Length && text[end] != ' ')
            {
                end++;
            }

            var token = text[i..end].TrimEnd(".,"u8);
            var slash = token.IndexOf((byte)'/');
            if (slash > 0)
            {
                token = token[..slash];
            }

            if (IsIPv4(token))
            {
                return token;
            }

            i = end;
        }

        return default;
    }

    /// <summary>Validates a dotted-quad IPv4 address without allocating.</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> text)
    {
        if (text.Length is < 7 or > 15)
        {
            return false;
        }

        var octets = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == (byte)'.')
            {
                if (digits == 0 || ++octets > 3)
                {
                    return false;
                }

                value = 0;
                digits = 0;
                continue;
            }

            var d = c - (byte)'0';
            if ((uint)d > 9 || ++digits > 3 || (value = (value * 10) + d) > 255)
            {
                return false;
            }
        }

        return octets == 3 && digits > 0;
    }

    /// <summary>Cheap shape check for an IPv6 address (hex digits, colons, optional embedded IPv4).</summary>
    public static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        if (text.Length is < 2 or > 45 || text.IndexOf((byte)':') < 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c == (byte)':' || c == (byte)'.' || MacAddress.HexValue(c) >= 0))
            {
                return false;
            }
        }

        return System.Net.IPAddress.TryParse(text, out _);
    }

    /// <summary>True for an IPv4 or IPv6 address.</summary>
    public static bool IsIp(ReadOnlySpan<byte> text) => IsIPv4(text) || IsIPv6(text);

    /// <summary>
    /// True for <c>01:00:0c:a1:b2:c3</c>: two hex digits per octet, one colon between octets (how Kea prints client ids
    /// and DUIDs). Cheaper than <see cref="TryHashHexOctets"/>, for when the hash is not needed.
    /// </summary>
    public static bool IsCanonicalHexOctets(ReadOnlySpan<byte> text)
    {
        if (text.Length % 3 != 2 || text.Length > 1024)
        {
            return false;
        }

        var i = 0;
        for (; i + 2 < text.Length; i += 3)
        {
            if ((MacAddress.HexValue(text[i]) | MacAddress.HexValue(text[i + 1])) < 0 || text[i + 2] != ':')
            {
                return false;
            }
        }

        return (MacAddress.HexValue(text[i]) | MacAddress.HexValue(text[i + 1])) >= 0;
    }

    /// <summary>
    /// Colon-separated hex octets (client ids, DUIDs): validates and returns a 64-bit FNV-1a hash of the octets, so that
    /// distinct clients can be counted without keeping the text.
    /// </summary>
    public static bool TryHashHexOctets(ReadOnlySpan<byte> text, out ulong hash)
    {
        hash = 14695981039346656037UL;
        if (text.IsEmpty || text.Length > 1024)
        {
            return false;
        }

        var nibbles = 0;
        var octet = 0;
        foreach (var c in text)
        {
            if (c == (byte)':')
            {
                if (nibbles == 0)
                {
                    return false;
                }

                hash = (hash ^ (uint)octet) * 1099511628211UL;
                nibbles = 0;
                octet = 0;
                continue;
            }

            var v = MacAddress.HexValue(c);
            if (v < 0 || ++nibbles > 2)
            {
                return false;
            }

            octet = (octet << 4) | v;
        }

        if (nibbles == 0)
        {
            return false;
        }

        hash = (hash ^ (uint)octet) * 1099511628211UL;
        return true;
    }
}
