namespace PacketGuide.Alerting.Engine;

/// <summary>An alert's life, as Alertmanager's: pending while the condition has not held for the rule's <c>for</c>, then firing, then resolved.</summary>
public enum AlertState
{
    Pending,
    Firing,
    Resolved,
}
