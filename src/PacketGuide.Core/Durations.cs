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
}
