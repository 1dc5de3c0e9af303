namespace PacketGuide.Dns.Zones;

/// <summary>
/// The name patterns of a zone spec's <c>ignore:</c>: <c>*</c> stands for any run of characters (dots too). A pattern
/// ending in a dot is matched against the absolute name; any other against the name relative to the zone, where the apex
/// is <c>@</c> (so <c>_acme-challenge</c> and <c>_acme-challenge.*</c> cover ACME at the apex and below it). Case is ignored.
/// </summary>
public static class NamePattern
{
    public static bool IsMatch(string pattern, string name, string zone)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        var subject = pattern.EndsWith('.') ? name : Relative(name, zone);
        return Glob(pattern.AsSpan(), subject.AsSpan());
    }

    /// <summary>NAME without the zone (<c>www</c>), or <c>@</c> for the apex; NAME itself when outside the zone.</summary>
    public static string Relative(string name, string zone)
    {
        if (name.Equals(zone, StringComparison.OrdinalIgnoreCase))
        {
            return "@";
        }

        return name.Length > zone.Length + 1 && name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase) ? name[..^(zone.Length + 1)] : name;
    }

    /// <summary>Glob match with '*' only, iterative with one backtrack point (linear enough for names of 255 octets).</summary>
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
