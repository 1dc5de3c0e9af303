namespace PacketGuide.Server.Api;

/// <summary>An alert as <c>GET /api/v1/alerts</c> shows it; <see cref="Key"/> is stable for the alert's life (the notifiers' dedup key).</summary>
public sealed record AlertView(string Key, string Rule, string Severity, string State, IReadOnlyDictionary<string, string> Labels, string Summary, string? Description,
    string? RunbookUrl, double Value, DateTimeOffset ActiveSince, DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt);

/// <summary>The alerts answer: when the rules were last evaluated, the active alerts, and the latest notifications planned (newest first).</summary>
public sealed record AlertsView(DateTimeOffset? EvaluatedAt, int Rules, IReadOnlyList<AlertView> Active, IReadOnlyList<AlertNotificationView> Notifications);

/// <summary>One notification: its group, why it was sent, the alerts firing and resolved in it.</summary>
public sealed record AlertNotificationView(string Group, string Reason, DateTimeOffset At, IReadOnlyList<AlertView> Firing, IReadOnlyList<AlertView> Resolved);
