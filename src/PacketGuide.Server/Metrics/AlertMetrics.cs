using PacketGuide.Alerting.Engine;
using Prometheus;

namespace PacketGuide.Server.Metrics;

/// <summary>
/// Alerts on <c>/metrics</c>, in <see cref="ServerMetrics"/>'s registry: how many are pending and firing per rule and
/// severity, the evaluations, and what became of the notifications (so the alerting itself can be alerted on).
/// </summary>
public sealed class AlertMetrics
{
    private readonly Gauge _alerts;
    private readonly Counter _evaluations;
    private readonly Gauge _lastEvaluation;
    private readonly Counter _sends;
    private readonly Counter _expired;
    private readonly HashSet<(string Rule, string Severity, string State)> _seen = [];
    private readonly Lock _gate = new();

    public AlertMetrics(ServerMetrics server)
        : this((server ?? throw new ArgumentNullException(nameof(server))).Registry)
    {
    }

    /// <summary>In a registry of its own (tests and benchmarks of the dispatcher).</summary>
    internal AlertMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _alerts = factory.CreateGauge("pguide_alerts", "Alerts pending or firing now, by rule (alertname), severity and state.", "alertname", "severity", "state");
        _evaluations = factory.CreateCounter("pguide_alert_evaluations_total", "Evaluations of the alert rules.");
        _lastEvaluation = factory.CreateGauge("pguide_alert_last_evaluation_timestamp_seconds", "Unix time of the last evaluation of the alert rules.");
        _sends = factory.CreateCounter("pguide_alert_notifications_total",
            "Attempts to send a notification, by channel and outcome: delivered, retried (429, 5xx, unreachable) or refused (for good).", "channel", "outcome");
        _expired = factory.CreateCounter("pguide_alert_notifications_expired_total", "Notifications that were still undelivered when their channel's expire passed.");
    }

    /// <summary>One attempt to send to <paramref name="channel"/>: <c>delivered</c>, <c>retried</c> or <c>refused</c>.</summary>
    public void Sent(string channel, string outcome) => _sends.WithLabels(channel, outcome).Inc();

    public void Expired(int count) => _expired.Inc(count);

    public void Observe(AlertEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        lock (_gate)
        {
            var now = evaluation.Active.GroupBy(a => (a.Rule, Severity: AlertEngine.Name(a.Severity), State: a.State == AlertState.Firing ? "firing" : "pending"))
                .ToDictionary(g => g.Key, g => g.Count());
            foreach (var gone in _seen.Except(now.Keys).ToList())
            {
                _alerts.WithLabels(gone.Rule, gone.Severity, gone.State).Set(0);
            }

            foreach (var (key, count) in now)
            {
                _alerts.WithLabels(key.Rule, key.Severity, key.State).Set(count);
                _seen.Add(key);
            }

            _evaluations.Inc();
            _lastEvaluation.Set(evaluation.At.ToUnixTimeMilliseconds() / 1000.0);
        }
    }
}
