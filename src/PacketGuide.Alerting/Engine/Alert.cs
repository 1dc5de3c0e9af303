namespace PacketGuide.Alerting.Engine;

/// <summary>
/// One alert: a rule's condition for one subnet, zone or server. <see cref="Key"/> (rule and labels) stays the same for
/// the alert's whole life, so a notifier can use it as PagerDuty's dedup_key or Alertmanager's fingerprint.
/// </summary>
public sealed record Alert
{
    public required string Key { get; init; }

    public required string Rule { get; init; }

    public required Rules.AlertRuleKind Kind { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>alertname, severity, the target (subnet, zone, server) and the rule's own labels, sorted by name.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; }

    public required string Summary { get; init; }

    public string? Description { get; init; }

    public string? RunbookUrl { get; init; }

    /// <summary>The value the rule saw last (a ratio, a count, days, steps).</summary>
    public double Value { get; init; }

    public required AlertState State { get; init; }

    /// <summary>Since when the condition holds.</summary>
    public required DateTimeOffset ActiveSince { get; init; }

    public DateTimeOffset? FiredAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
