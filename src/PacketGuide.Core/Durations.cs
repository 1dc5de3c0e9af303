using System.Globalization;

namespace PacketGuide;

/// <summary>The one way PacketGuide reads a duration, on the command line and in pguide.yaml: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class Durations
{
    /// <summary>A number with a unit (s, m, h, d), below 100,000 units; surrounding spaces are ignored.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        text = text.Trim();
        if (text.Length < 2 || !char.IsAsciiDigit(text[0]) || text[^1] is not ('s' or 'm' or 'h' or 'd')
            || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount >= 100_000)
        {
            return false;
        }

        var unit = text[^1] switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), _ => TimeSpan.FromDays(1) };
        duration = unit * amount;
        return true;
    }

    /// <summary>The shortest exact form <see cref="TryParse"/> reads back: <c>7d</c>, <c>2h</c>, <c>90m</c>, <c>45s</c>; <c>0</c> for zero.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0";
        }

        foreach (var (unit, suffix) in new[] { (TimeSpan.FromDays(1), 'd'), (TimeSpan.FromHours(1), 'h'), (TimeSpan.FromMinutes(1), 'm') })
        {
            if (duration.Ticks % unit.Ticks == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / unit.Ticks}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");
    }
}
