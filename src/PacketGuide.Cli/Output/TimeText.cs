using System.Globalization;

namespace PacketGuide.Cli.Output;

/// <summary>Times in human output: UTC (<c>2026-11-26 14:48:24Z</c>) and how long ago or ahead (<c>3m ago</c>, <c>in 1h59m</c>).</summary>
internal static class TimeText
{
    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>To the minute, for columns: <c>2026-11-26 14:48Z</c>.</summary>
    public static string UtcMinutes(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string WithAge(DateTimeOffset time, DateTimeOffset now) => $"{Utc(time)} ({Age(now - time)})";

    /// <summary>At most two units, rounded down: <c>45s ago</c>, <c>3m ago</c>, <c>5h12m ago</c>, <c>2d3h ago</c>; <c>in 1h59m</c> for a time ahead.</summary>
    public static string Age(TimeSpan age)
    {
        var ahead = age < TimeSpan.Zero;
        var span = ahead ? -age : age;
        var text = span.TotalMinutes < 1 ? Part(span.Seconds, 's')
            : span.TotalHours < 1 ? Part(span.Minutes, 'm')
            : span.TotalDays < 1 ? Part(span.Hours, 'h') + (span.Minutes > 0 ? Part(span.Minutes, 'm') : "")
            : Part(span.Days, 'd') + (span.Hours > 0 ? Part(span.Hours, 'h') : "");
        return ahead ? "in " + text : text + " ago";
    }

    private static string Part(int amount, char unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
}
