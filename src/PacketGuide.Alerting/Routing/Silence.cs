using System.Text.RegularExpressions;

namespace PacketGuide.Alerting.Routing;

/// <summary>
/// Mutes the alerts whose labels match every matcher while it is active (from <see cref="Starts"/> until
/// <see cref="Ends"/>), as Alertmanager's silences do. Who made it and why travel with it.
/// </summary>
public sealed record Silence
{
    public required string Id { get; init; }

    public required IReadOnlyList<LabelMatcher> Matchers { get; init; }

    public required DateTimeOffset Starts { get; init; }

    public required DateTimeOffset Ends { get; init; }

    public required string Author { get; init; }

    public required string Comment { get; init; }

    public bool IsActive(DateTimeOffset now) => Starts <= now && now < Ends;

    public bool Matches(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Matchers.All(m => m.Matches(labels));
    }
}

/// <summary><c>name=value</c> (equal) or <c>name=~regex</c> (the whole value matches); a label that is absent is the empty string.</summary>
public sealed record LabelMatcher(string Name, string Value, bool IsRegex)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);
    private Regex? _regex;

    public bool Matches(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = "";
        foreach (var (key, value) in labels)
        {
            if (key == Name)
            {
                actual = value;
                break;
            }
        }

        if (!IsRegex)
        {
            return actual == Value;
        }

        _regex ??= new Regex("^(?:" + Value + ")$", RegexOptions.CultureInvariant, RegexTimeout);
        try
        {
            return _regex.IsMatch(actual);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Parses <c>name=value</c> or <c>name=~regex</c>; a bad regex or name gives false and the reason.</summary>
    public static bool TryParse(string text, out LabelMatcher? matcher, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        matcher = null;
        var at = text.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            error = $"'{text}' is not a matcher: write name=value or name=~regex (e.g. subnet=10.0.0.0/24, alertname=~pool-.*).";
            return false;
        }

        if (text.Any(char.IsControl))
        {
            error = "a matcher cannot hold a line break or other control character (in a regex, write \\n).";
            return false;
        }

        var name = text[..at].Trim();
        var regex = at + 1 < text.Length && text[at + 1] == '~';
        var value = text[(at + (regex ? 2 : 1))..].Trim().Trim('"');
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            error = $"'{name}' is not a label name (letters, digits, _).";
            return false;
        }

        if (regex)
        {
            try
            {
                _ = new Regex(value, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                error = $"'{value}' is not a regular expression ({ex.Message}).";
                return false;
            }
        }

        matcher = new LabelMatcher(name, value, regex);
        error = null;
        return true;
    }

    public override string ToString() => $"{Name}{(IsRegex ? "=~" : "=")}{Value}";
}
