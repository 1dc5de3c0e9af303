using PacketGuide.Alerting.Engine;

namespace PacketGuide.Alerting.Routing;

/// <summary>
/// One message to send for one group of alerts: every alert of the group firing now, and those that resolved since the
/// last message. <see cref="GroupKey"/> names the group (its group_by labels); a digest mail or one Alertmanager POST carries it.
/// </summary>
public sealed record AlertNotification(string GroupKey, IReadOnlyList<KeyValuePair<string, string>> GroupLabels, IReadOnlyList<Alert> Firing,
    IReadOnlyList<Alert> Resolved, DateTimeOffset At)
{
    /// <summary>Why it is sent: <c>firing</c> (something new), <c>repeat</c> (repeat_interval passed), or <c>resolved</c> (only resolutions).</summary>
    public required string Reason { get; init; }
}
