using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;

namespace PacketGuide.Server.Alerting;

/// <summary>What the last evaluation found, for the API and /metrics: the active alerts and the latest notifications planned.</summary>
public sealed class AlertingStatus
{
    private const int KeepNotifications = 100;
    private readonly Lock _gate = new();
    private readonly LinkedList<AlertNotification> _notifications = new();

    public AlertEvaluation? Last { get; private set; }

    public IReadOnlyList<AlertNotification> Notifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _notifications];
            }
        }
    }

    internal void Evaluated(AlertEvaluation evaluation, IReadOnlyList<AlertNotification> planned)
    {
        lock (_gate)
        {
            Last = evaluation;
            foreach (var notification in planned)
            {
                _notifications.AddFirst(notification);
                if (_notifications.Count > KeepNotifications)
                {
                    _notifications.RemoveLast();
                }
            }
        }
    }
}
