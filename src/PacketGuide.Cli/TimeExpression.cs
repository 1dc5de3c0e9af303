using System.Globalization;

namespace PacketGuide.Cli;

/// <summary>
/// Parses <c>--since</c>/<c>--until</c> values: ISO 8601 with or without offset (<c>2026-11-26T12:00</c>,
/// <c>2026-11-26 12:00:00+01:00</c>), a date (<c>2026-11-26</c>), or an age before now (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>).
/// Times without an offset are in <paramref name="zone"/>.
/// </summary>
internal static class TimeExpression
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'",
    ];

    private static readonly string[] s_localFormats =
        ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        text = text.Trim();
        if (Durations.TryParse(text, out var age))
        {
            time = now - age;
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return true;
        }

        if (DateTime.TryParseExact(text, s_localFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            time = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        return false;
    }

    /// <summary>The zone named by <c>--timezone</c> (an IANA name), or the local zone when none is given.</summary>
    public static bool TryResolveZone(string? name, out TimeZoneInfo zone, out string? error)
    {
        zone = TimeZoneInfo.Local;
        error = null;
        if (name is null)
        {
            return true;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found))
        {
            error = $"--timezone: unknown time zone '{name}' (use an IANA name such as UTC or Europe/Berlin).";
            return false;
        }

        zone = found;
        return true;
    }
}
