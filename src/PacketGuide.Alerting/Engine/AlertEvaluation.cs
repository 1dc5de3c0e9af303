namespace PacketGuide.Alerting.Engine;

/// <summary>What one evaluation changed: alerts that started firing, alerts that resolved, and every pending or firing alert now.</summary>
public sealed record AlertEvaluation(DateTimeOffset At, IReadOnlyList<Alert> Fired, IReadOnlyList<Alert> Resolved, IReadOnlyList<Alert> Active);
