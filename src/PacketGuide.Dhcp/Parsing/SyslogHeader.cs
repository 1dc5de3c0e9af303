namespace PacketGuide.Dhcp.Parsing;

/// <summary>Which syslog header layout a line carried.</summary>
internal enum SyslogLayout : byte
{
    None,

    /// <summary><c>Nov 26 12:56:11 host prog[pid]: msg</c> (RFC 3164 / rsyslog traditional file format; no year).</summary>
    Rfc3164,

    /// <summary><c>&lt;30&gt;1 2026-11-26T12:56:11.123+00:00 host prog pid - - msg</c>.</summary>
    Rfc5424,

    /// <summary><c>2026-11-26T12:56:11+0000 host prog[pid]: msg</c> (journalctl -o short-iso, rsyslog high-precision).</summary>
    IsoPrefixed,
}

/// <summary>A parsed syslog header; spans point into the line.</summary>
internal ref struct SyslogHeader
{
    public SyslogLayout Layout;

    /// <summary>Set for layouts with a full date and offset.</summary>
    public DateTimeOffset Time;

    /// <summary>RFC 3164 only: month, day and time of day (the year is inferred by the caller).</summary>
    public int Month;
    public int Day;
    public long TimeOfDayTicks;
    public bool SubSecond;
    public ReadOnlySpan<byte> Host;
    public ReadOnlySpan<byte> Program;
    public ReadOnlySpan<byte> Message;

    /// <summary>
    /// Parses any of the layouts. Returns false when the line has no syslog header at all (it may still be a
    /// server's own layout), and sets <paramref name="badTime"/> when it looked like one but the date is impossible.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out SyslogHeader header, out bool badTime)
    {
        header = default;
        badTime = false;
        var s = line;
        if (s.Length > 2 && s[0] == '<')
        {
            var close = s[..Math.Min(s.Length, 6)].IndexOf((byte)'>');
            if (close < 2)
            {
                return false;
            }

            s = s[(close + 1)..];
            if (s.Length > 2 && s[0] == '1' && s[1] == ' ')
            {
                return TryParse5424(s[2..], ref header, out badTime);
            }
        }

        if (s.Length < 16)
        {
            return false;
        }

        ReadOnlySpan<byte> rest;
        if ((uint)(s[0] - '0') <= 9)
        {
            var used = LogTimestamp.TryParseIso(s, out header.Time, out header.SubSecond);
            if (used == 0 || used >= s.Length || s[used] != ' ')
            {
                // A Kea file-layout line also starts with a digit: not a syslog header, not an error.
                badTime = used == 0 && s.Length > 19 && s[10] == 'T';
                return false;
            }

            header.Layout = SyslogLayout.IsoPrefixed;
            rest = s[(used + 1)..];
        }
        else if (s[3] == ' ' && s[6] == ' ' && s[9] == ':' && s[15] == ' ' && LogTimestamp.MonthFromAbbreviation(s[..3]) != 0)
        {
            if (!LogTimestamp.TryParseBsd(s, out header.Month, out header.Day, out header.TimeOfDayTicks))
            {
                badTime = true;
                return false;
            }

            header.Layout = SyslogLayout.Rfc3164;
            rest = s[16..];
        }
        else
        {
            return false;
        }

        // host SP tag[pid]: msg
        var hostEnd = rest.IndexOf((byte)' ');
        if (hostEnd <= 0)
        {
            return false;
        }

        header.Host = rest[..hostEnd];
        rest = rest[(hostEnd + 1)..];
        var colon = rest.IndexOf(": "u8);
        if (colon <= 0)
        {
            return false;
        }

        var tag = rest[..colon];
        var bracket = tag.IndexOf((byte)'[');
        header.Program = bracket > 0 ? tag[..bracket] : tag;
        header.Message = rest[(colon + 2)..].TrimStart((byte)' ');
        return true;
    }

    private static bool TryParse5424(ReadOnlySpan<byte> s, ref SyslogHeader header, out bool badTime)
    {
        badTime = false;
        int used;
        if (s.Length > 1 && s[0] == '-' && s[1] == ' ')
        {
            used = 1;
            header.Time = default;
        }
        else
        {
            used = LogTimestamp.TryParseIso(s, out header.Time, out header.SubSecond);
            if (used == 0)
            {
                badTime = true;
                return false;
            }
        }

        if (used >= s.Length || s[used] != ' ')
        {
            return false;
        }

        var rest = s[(used + 1)..];
        header.Host = NextField(ref rest);
        header.Program = NextField(ref rest);
        if (header.Host.IsEmpty || header.Program.IsEmpty || NextField(ref rest).IsEmpty || NextField(ref rest).IsEmpty)
        {
            return false;
        }

        // Structured data: "-" or one or more [..] elements.
        if (rest.Length > 0 && rest[0] == '-')
        {
            rest = rest.Length > 1 ? rest[2..] : default;
        }
        else
        {
            while (rest.Length > 0 && rest[0] == '[')
            {
                var end = rest.IndexOf((byte)']');
                if (end < 0)
                {
                    return false;
                }

                rest = rest[(end + 1)..];
            }

            if (rest.Length > 0 && rest[0] == ' ')
            {
                rest = rest[1..];
            }
        }

        if (rest.StartsWith("\xEF\xBB\xBF"u8))
        {
            rest = rest[3..];
        }

        header.Layout = SyslogLayout.Rfc5424;
        header.Message = rest.TrimStart((byte)' ');
        return true;
    }

    /// <summary>The next space-terminated field, or empty when there is none.</summary>
    private static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> rest)
    {
        var space = rest.IndexOf((byte)' ');
        if (space <= 0)
        {
            return default;
        }

        var field = rest[..space];
        rest = rest[(space + 1)..];
        return field;
    }
}
