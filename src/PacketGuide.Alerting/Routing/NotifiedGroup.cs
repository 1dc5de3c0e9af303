namespace PacketGuide.Alerting.Routing;

/// <summary>A group the planner has notified: when last, and the keys of the alerts it said were firing.</summary>
public sealed record NotifiedGroup(string Group, DateTimeOffset At, IReadOnlyList<string> Sent);
