namespace PacketGuide.Alerting.Rules;

/// <summary>
/// One rule of pguide.yaml's <c>alerting.rules</c>: what to watch (<see cref="Kind"/> with its threshold and window), how
/// bad it is, how long the condition must hold before it fires (<see cref="For"/>), the labels it adds, and the texts a
/// notification carries. <see cref="Summary"/> and <see cref="Description"/> are templates: <c>{subnet}</c>, <c>{zone}</c>,
/// <c>{server}</c>, <c>{value}</c>, <c>{threshold}</c> and any label in braces are filled in.
/// </summary>
public sealed record AlertRule
{
    /// <summary>Unique; the <c>alertname</c> label.</summary>
    public required string Name { get; init; }

    public required AlertRuleKind Kind { get; init; }

    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>How long the condition must hold before the alert fires (pending until then); zero fires at once.</summary>
    public TimeSpan For { get; init; }

    /// <summary>The level that triggers (a ratio, a count, days or steps, by kind).</summary>
    public double Threshold { get; init; }

    /// <summary>The level below which a firing alert resolves (hysteresis); by default the threshold itself.</summary>
    public double? Clear { get; init; }

    /// <summary>How far back counts look (event kinds and unparsed lines).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required string Summary { get; init; }

    public string? Description { get; init; }

    public string? RunbookUrl { get; init; }

    /// <summary>Where the rule is written (file:line), for messages.</summary>
    public string Location { get; init; } = "";
}
