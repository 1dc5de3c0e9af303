using PacketGuide.Alerting.Engine;

namespace PacketGuide.Alerting.Routing;

/// <summary>
/// Decides what to tell people after each evaluation, as Alertmanager's routing does: alerts are grouped by the
/// <c>group_by</c> labels; a group is notified when an alert in it starts firing, when one that was notified resolves,
/// and again every <c>repeat_interval</c> while any fires. Silenced alerts are not notified; a warning is inhibited
/// while a critical alert of the same kind fires for the same subnet, zone or server. A resolution is sent only for an
/// alert that was in its group's last notification (one silenced since still gets it, unless the group was notified
/// again meanwhile). Not thread-safe: one evaluation loop owns it.
/// </summary>
public sealed class NotificationPlanner(IReadOnlyList<string> groupBy, TimeSpan repeatInterval)
{
    private static readonly string[] TargetLabels = ["subnet", "zone", "server"];
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);

    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public TimeSpan RepeatInterval { get; } = repeatInterval;

    public IReadOnlyList<AlertNotification> Plan(AlertEvaluation evaluation, IReadOnlyList<Silence> silences)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(silences);
        var now = evaluation.At;
        var active = silences.Where(s => s.IsActive(now)).ToList();
        var firing = evaluation.Active.Where(a => a.State == AlertState.Firing).ToList();
        var criticals = firing.Where(a => a.Severity == AlertSeverity.Critical).ToList();
        var notify = firing.Where(a => !Silenced(a, active) && !Inhibited(a, criticals)).ToList();

        var firingByGroup = notify.GroupBy(GroupKey).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var notifyKeys = notify.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var resolvedByGroup = evaluation.Resolved.GroupBy(GroupKey).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var notifications = new List<AlertNotification>();
        foreach (var group in firingByGroup.Keys.Union(resolvedByGroup.Keys).Union(_groups.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())
        {
            var groupFiring = firingByGroup.GetValueOrDefault(group) ?? [];
            _groups.TryGetValue(group, out var state);
            var sent = state?.Sent ?? [];
            // Resolved: sent as firing before, and resolved now.
            var resolved = (resolvedByGroup.GetValueOrDefault(group) ?? []).Where(a => sent.Contains(a.Key)).ToList();
            var isNew = groupFiring.Any(a => !sent.Contains(a.Key));
            var repeat = groupFiring.Count > 0 && state is not null && now - state.At >= RepeatInterval;
            if (isNew || resolved.Count > 0 || repeat)
            {
                var labels = (groupFiring.Count > 0 ? groupFiring[0] : resolved[0]).Labels.Where(l => GroupBy.Contains(l.Key)).ToList();
                notifications.Add(new AlertNotification(group, labels, groupFiring, resolved, now)
                {
                    Reason = isNew ? "firing" : repeat ? "repeat" : "resolved",
                });
                state = new GroupState(now, groupFiring.Select(a => a.Key).ToHashSet(StringComparer.Ordinal));
            }

            // Forget what is neither firing nor notified: a group with nothing left to resolve.
            var still = (state?.Sent ?? []).Where(k => notifyKeys.Contains(k) || evaluation.Active.Any(a => a.Key == k)).ToHashSet(StringComparer.Ordinal);
            if (state is null || (groupFiring.Count == 0 && still.Count == 0))
            {
                _groups.Remove(group);
            }
            else
            {
                _groups[group] = state with { Sent = still };
            }
        }

        return notifications;
    }

    /// <summary>What the planner remembers: per group, when it last notified and which alerts it said were firing.</summary>
    public IReadOnlyList<NotifiedGroup> Snapshot() =>
        [.. _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NotifiedGroup(g.Key, g.Value.At, [.. g.Value.Sent.Order(StringComparer.Ordinal)]))];

    /// <summary>Takes back what <see cref="Snapshot"/> gave before a restart: no second "firing" for what was sent, and the resolutions still due.</summary>
    public void Restore(IEnumerable<NotifiedGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups)
        {
            _groups.TryAdd(group.Group, new GroupState(group.At, group.Sent.ToHashSet(StringComparer.Ordinal)));
        }
    }

    private string GroupKey(Alert alert) =>
        GroupBy.Count == 0 ? "" : string.Join(",", GroupBy.Select(name => name + "=" + (alert.Label(name) ?? "")));

    private static bool Silenced(Alert alert, IReadOnlyList<Silence> silences) => silences.Any(s => s.Matches(alert.Labels));

    private static bool Inhibited(Alert alert, IReadOnlyList<Alert> criticals) =>
        alert.Severity < AlertSeverity.Critical
        && criticals.Any(c => c.Kind == alert.Kind && TargetLabels.All(t => c.Label(t) == alert.Label(t)));

    private sealed record GroupState(DateTimeOffset At, HashSet<string> Sent);
}
