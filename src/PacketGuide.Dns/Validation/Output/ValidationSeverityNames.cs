using System.Diagnostics.CodeAnalysis;

namespace PacketGuide.Dns.Validation.Output;

/// <summary>The lower-case names every output uses for a severity (<c>info</c>, <c>warning</c>, <c>error</c>), and their parser.</summary>
public static class ValidationSeverityNames
{
    public static string Name(ValidationSeverity severity) => severity switch
    {
        ValidationSeverity.Info => "info",
        ValidationSeverity.Warning => "warning",
        ValidationSeverity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    /// <summary>Severities from the worst down: the order of the console groups and the HTML summary.</summary>
    public static IReadOnlyList<ValidationSeverity> WorstFirst { get; } = [ValidationSeverity.Error, ValidationSeverity.Warning, ValidationSeverity.Info];

    /// <summary>Parses <c>info</c>, <c>warning</c> or <c>error</c> (any case).</summary>
    public static bool TryParse(string? text, out ValidationSeverity severity)
    {
        foreach (var candidate in WorstFirst)
        {
            if (string.Equals(text?.Trim(), Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }

    /// <summary>Parses a <c>--fail-on</c> value: <c>warning</c> or <c>error</c> (any case); <c>info</c> is not a failure level.</summary>
    public static bool TryParseFailOn(string? text, [NotNullWhen(true)] out ValidationSeverity? failOn)
    {
        failOn = null;
        if (TryParse(text, out var severity) && severity != ValidationSeverity.Info)
        {
            failOn = severity;
        }

        return failOn is not null;
    }
}
