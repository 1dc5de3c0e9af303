using PacketGuide.Alerting.Rules;

namespace PacketGuide.Alerting.Config;

/// <summary>pguide.yaml's <c>alerting:</c> section: the rules and how their notifications are grouped and repeated.</summary>
public sealed record AlertingConfig
{
    /// <summary>The rules; <see cref="AlertRuleDefaults.Set"/> when the file names none.</summary>
    public IReadOnlyList<AlertRule> Rules { get; init; } = AlertRuleDefaults.Set;

    /// <summary>How often rules are evaluated (<c>evaluate-every</c>, default 10 s).</summary>
    public TimeSpan EvaluateEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Labels whose alerts go out together, one notification per value set (<c>group-by</c>, default alertname).</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname"];

    /// <summary>How often a group that keeps firing is notified again (<c>repeat-interval</c>, default 4 h).</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Where people reach pguide serve's dashboard (<c>dashboard-url</c>, e.g. https://pguide.example.net/): notifications
    /// link to the subnet's or zone's page there. None: no dashboard links.
    /// </summary>
    public Uri? DashboardUrl { get; init; }

    /// <summary>Where notifications go (<c>channels</c>); none: alerts are only shown (API, dashboard, /metrics) and logged.</summary>
    public IReadOnlyList<AlertChannel> Channels { get; init; } = [];
}
