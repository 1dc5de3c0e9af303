namespace PacketGuide.Server.Api;

/// <summary>An alert as <c>GET /api/v1/alerts</c> shows it; <see cref="Key"/> is stable for the alert's life (the notifiers' dedup key).</summary>
public sealed record AlertView(string Key, string Rule, string Severity, string State, IReadOnlyDictionary<string, string> Labels, string Summary, string? Description,
    string? RunbookUrl, double Value, DateTimeOffset ActiveSince, DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt);

/// <summary>The alerts answer: when the rules were last evaluated, the active alerts, and the latest notifications planned (newest first).</summary>
public sealed record AlertsView(DateTimeOffset? EvaluatedAt, int Rules, IReadOnlyList<AlertView> Active, IReadOnlyList<AlertNotificationView> Notifications);

/// <summary>One notification: its group, why it was sent, the alerts firing and resolved in it.</summary>
public sealed record AlertNotificationView(string Group, string Reason, DateTimeOffset At, IReadOnlyList<AlertView> Firing, IReadOnlyList<AlertView> Resolved);

/// <summary>A silence: alerts matching every matcher are not notified from <see cref="Starts"/> until <see cref="Ends"/>.</summary>
public sealed record SilenceView(string Id, IReadOnlyList<string> Matchers, DateTimeOffset Starts, DateTimeOffset Ends, string Author, string Comment, bool Active);

/// <summary>The body of <c>POST /api/v1/alerts/silences</c>: matchers (<c>name=value</c> or <c>name=~regex</c>), how long (<c>2h</c>), and why.</summary>
public sealed record SilenceInput(IReadOnlyList<string>? Matchers, string? Duration, string? Comment);
