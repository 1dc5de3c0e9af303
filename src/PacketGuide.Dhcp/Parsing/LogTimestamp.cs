namespace PacketGuide.Dhcp.Parsing;

/// <summary>Allocation-free parsers for the timestamp layouts that DHCP servers and syslog daemons write.</summary>
internal static class LogTimestamp
{
    private static readonly int[] s_daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    /// <summary>Kea's default layout: <c>2026-11-26 12:56:11.751</c> (23 bytes, local time). Returns local ticks.</summary>
    public static bool TryParseKea(ReadOnlySpan<byte> s, out long localTicks)
    {
        localTicks = 0;
        if (s.Length < 23 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[19] != '.')
        {
            return false;
        }

        if (!TryDate(s, out var days) || !TryTime(s[11..], out var timeTicks) || !TryDigits(s.Slice(20, 3), out var ms))
        {
            return false;
        }

        localTicks = (days * TimeSpan.TicksPerDay) + timeTicks + (ms * TimeSpan.TicksPerMillisecond);
        return true;
    }

    /// <summary>
    /// ISO 8601 / RFC 3339 as written by rsyslog (RFC 5424, high-precision file format) and <c>journalctl -o short-iso</c>:
    /// <c>2026-11-26T12:56:11.123456+00:00</c>, <c>2026-11-26T12:56:11+0000</c>, <c>...Z</c>. Returns bytes consumed.
    /// </summary>
    public static int TryParseIso(ReadOnlySpan<byte> s, out DateTimeOffset time, out bool subSecond)
    {
        time = default;
        subSecond = false;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return 0;
        }

        if (!TryDate(s, out var days) || !TryTime(s[11..], out var ticks))
        {
            return 0;
        }

        var i = 19;
        if (s[i] is (byte)'.' or (byte)',')
        {
            i++;
            long fraction = 0;
            var digits = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (digits < 7)
                {
                    fraction = (fraction * 10) + (s[i] - '0');
                    digits++;
                }

                i++;
            }

            if (digits == 0)
            {
                return 0;
            }

            for (var d = digits; d < 7; d++)
            {
                fraction *= 10;
            }

            ticks += fraction;
            subSecond = true;
        }

        if (i >= s.Length)
        {
            return 0;
        }

        int offsetMinutes;
        if (s[i] == 'Z')
        {
            offsetMinutes = 0;
            i++;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            var rest = s[(i + 1)..];
            int hh, mm;
            if (rest.Length >= 5 && rest[2] == ':' && TryDigits(rest[..2], out hh) && TryDigits(rest.Slice(3, 2), out mm))
            {
                i += 6;
            }
            else if (rest.Length >= 4 && TryDigits(rest[..2], out hh) && TryDigits(rest.Slice(2, 2), out mm))
            {
                i += 5;
            }
            else
            {
                return 0;
            }

            if (hh > 14 || mm > 59)
            {
                return 0;
            }

            offsetMinutes = sign * ((hh * 60) + mm);
        }
        else
        {
            return 0;
        }

        time = new DateTimeOffset((days * TimeSpan.TicksPerDay) + ticks, TimeSpan.FromMinutes(offsetMinutes));
        return i;
    }

    /// <summary>RFC 3164 <c>Nov 26 12:56:11</c> (no year). Returns month (1-12), day and time-of-day ticks.</summary>
    public static bool TryParseBsd(ReadOnlySpan<byte> s, out int month, out int day, out long timeTicks)
    {
        month = day = 0;
        timeTicks = 0;
        if (s.Length < 15 || s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':')
        {
            return false;
        }

        month = MonthFromAbbreviation(s[..3]);
        var d1 = s[4] == ' ' ? 0 : s[4] - '0';
        var d2 = s[5] - '0';
        if (month == 0 || (uint)d1 > 3 || (uint)d2 > 9)
        {
            return false;
        }

        day = (d1 * 10) + d2;
        return day is >= 1 and <= 31 && TryTime(s[7..], out timeTicks);
    }

    /// <summary>Local ticks for a date, or false when it does not exist (Feb 30, year 0).</summary>
    public static bool TryCompose(int year, int month, int day, long timeTicks, out long localTicks)
    {
        localTicks = 0;
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        localTicks = new DateTime(year, month, day).Ticks + timeTicks;
        return true;
    }

    public static int MonthFromAbbreviation(ReadOnlySpan<byte> m)
    {
        if (m.Length != 3)
        {
            return 0;
        }

        var key = (m[0] << 16) | ((m[1] | 0x20) << 8) | (m[2] | 0x20);
        return key switch
        {
            ('J' << 16) | ('a' << 8) | 'n' => 1,
            ('F' << 16) | ('e' << 8) | 'b' => 2,
            ('M' << 16) | ('a' << 8) | 'r' => 3,
            ('A' << 16) | ('p' << 8) | 'r' => 4,
            ('M' << 16) | ('a' << 8) | 'y' => 5,
            ('J' << 16) | ('u' << 8) | 'n' => 6,
            ('J' << 16) | ('u' << 8) | 'l' => 7,
            ('A' << 16) | ('u' << 8) | 'g' => 8,
            ('S' << 16) | ('e' << 8) | 'p' => 9,
            ('O' << 16) | ('c' << 8) | 't' => 10,
            ('N' << 16) | ('o' << 8) | 'v' => 11,
            ('D' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
    }

    private static bool TryDate(ReadOnlySpan<byte> s, out int days)
    {
        days = 0;
        if (!TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day))
        {
            return false;
        }

        // Years 1 and 9999 are refused: with an offset they fall outside DateTimeOffset's range.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        var leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        var monthDays = month == 2 ? (leap ? 29 : 28) : (month is 4 or 6 or 9 or 11 ? 30 : 31);
        if (day > monthDays)
        {
            return false;
        }

        var y = year - 1;
        days = (y * 365) + (y / 4) - (y / 100) + (y / 400) + s_daysBeforeMonth[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        return true;
    }

    private static bool TryTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s.Length < 8 || s[2] != ':' || s[5] != ':'
            || !TryDigits(s[..2], out var h) || !TryDigits(s.Slice(3, 2), out var m) || !TryDigits(s.Slice(6, 2), out var sec))
        {
            return false;
        }

        if (h > 23 || m > 59 || sec > 60)
        {
            return false;
        }

        ticks = (h * TimeSpan.TicksPerHour) + (m * TimeSpan.TicksPerMinute) + (Math.Min(sec, 59) * TimeSpan.TicksPerSecond);
        return true;
    }


    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var c in s)
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
}
