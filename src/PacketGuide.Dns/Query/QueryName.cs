using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace PacketGuide.Dns.Query;

/// <summary>
/// Checks and normalizes a name to ask about: fully qualified (a trailing dot is added), international labels converted
/// to punycode (IDNA, after mapping to lower case as UTS #46 does), at most 63 octets a label and 255 octets in all. Underscores and other characters a record owner
/// may use (<c>_sip._tcp</c>, <c>*</c>) are allowed; spaces, control characters and empty labels are not.
/// </summary>
public static class QueryName
{
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>Whether the absolute <paramref name="name"/> is <paramref name="zone"/> or below it (whole labels, case ignored).</summary>
    public static bool IsInZone(string name, string zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        return name.Length == zone.Length
            ? name.Equals(zone, StringComparison.OrdinalIgnoreCase)
            : name.Length > zone.Length && name[^(zone.Length + 1)] == '.' && name.EndsWith(zone, StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryNormalize(string text, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = null;
        if (text == ".")
        {
            name = ".";
            error = null;
            return true;
        }

        if (text.Length == 0)
        {
            return Fail("an empty name; give a name such as example.com (or '.' for the root).", out error);
        }

        var ascii = text;
        if (!Ascii.IsValid(text))
        {
            try
            {
                ascii = s_idn.GetAscii(text.TrimEnd('.').ToLowerInvariant());
            }
            catch (ArgumentException ex)
            {
                return Fail($"'{Printable(text)}' is not a valid international name ({ex.Message.TrimEnd('.')}).", out error);
            }
        }

        foreach (var c in ascii)
        {
            if (c <= ' ' || c == 0x7f)
            {
                return Fail($"'{Printable(text)}' contains a space or control character.", out error);
            }
        }

        var trimmed = ascii.EndsWith('.') ? ascii[..^1] : ascii;
        var octets = 1;
        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length == 0)
            {
                return Fail($"'{Printable(text)}' has an empty label (two dots in a row, or a leading dot).", out error);
            }

            if (label.Length > 63)
            {
                return Fail($"'{Printable(text)}': the label '{Printable(label[..20])}...' is {label.Length} octets; at most 63 are allowed.", out error);
            }

            octets += label.Length + 1;
        }

        if (octets > 255)
        {
            return Fail($"'{Printable(text[..40])}...' is {octets} octets long; a name is at most 255.", out error);
        }

        name = trimmed + ".";
        error = null;
        return true;
    }

    /// <summary>Text safe to put in a message: control characters as \xNN, long text cut.</summary>
    private static string Printable(string text)
    {
        var s = new StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in text.Length > 80 ? text[..80] : text)
        {
            if (char.IsControl(c))
            {
                s.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                s.Append(c);
            }
        }

        return text.Length > 80 ? s.Append("...").ToString() : s.ToString();
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
