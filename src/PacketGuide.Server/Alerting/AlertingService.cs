using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.State;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Pipeline;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Evaluates the alert rules every <c>alerting.evaluate-every</c> against the lease tracker's utilization, the pipeline's
/// unparsed-line counter, the last DNS validation and Kea's health (the DHCP events are counted by the pipeline as it
/// stores them), then plans the notifications (grouping, repeat, silences, inhibition) and puts them in the outbox for
/// each channel with their context (<see cref="AlertContextReader"/>; <see cref="NotificationDispatcher"/> delivers
/// them). Planned notifications are also logged and kept for <c>GET /api/v1/alerts</c>. What it must remember across a
/// restart is saved in the store after each evaluation and taken back at start.
/// </summary>
public sealed partial class AlertingService(
    ServeOptions options,
    AlertEngine engine,
    LeaseTracker tracker,
    PipelineStatus pipeline,
    KeaHealth kea,
    ValidationRunStore validations,
    AlertingStatus status,
    AlertChannels channels,
    OutboxStore outbox,
    SilenceStore silences,
    AlertContextReader contextReader,
    AlertStateStore state,
    EventStore events,
    Metrics.AlertMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AlertingService> logger) : BackgroundService
{
    /// <summary>Notifications the store has not taken yet, at most this many (the oldest go first beyond it).</summary>
    private const int MaxUnsaved = 10_000;

    private const string StateName = "alerting";

    /// <summary>The kinds the engine counts, by their stored names.</summary>
    private static readonly string[] CountedKinds = [.. DhcpMessageKinds.All.Where(k => AlertEngine.Counts(k)).Select(k => k.ToWireName())];

    private readonly NotificationPlanner _planner = new(options.Alerting.GroupBy, options.Alerting.RepeatInterval);
    private readonly List<OutboxMessage> _unsaved = [];
    private string? _savedState;

    /// <summary>
    /// Before the pipeline starts (hosted services start in order, and this one is registered first): takes back the
    /// alerts and notifications of before a restart, and rebuilds the event counts from the stored events, so a restart
    /// neither repeats a notification nor forgets a resolution. A store that cannot be read starts alerting afresh (logged).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (engine.Rules.Count > 0)
        {
            try
            {
                await RestoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException or FormatException)
            {
                LogRestoreFailed(logger, ex.Message);
            }
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var counts = await events.CountPerBucketAsync(timeProvider.GetUtcNow() - AlertEngine.CountHorizon, AlertEngine.CountBucket, CountedKinds, cancellationToken)
            .ConfigureAwait(false);
        // Only counted kinds were asked for, so every row's kind parses.
        engine.Seed(counts.Select(c => (DhcpMessageKinds.TryParse(c.Kind, out var kind) ? kind : DhcpMessageKind.Discover, c.Subnet, c.Time, c.Count)));
        if (await state.LoadAsync(StateName, cancellationToken).ConfigureAwait(false) is { } saved)
        {
            var snapshot = AlertingSnapshot.Parse(saved);
            engine.Restore(snapshot.Active);
            _planner.Restore(snapshot.Groups);
            _savedState = saved;
            var recounted = counts.Sum(c => c.Count);
            LogRestored(logger, snapshot.Active.Count, snapshot.Groups.Count, recounted);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Rules.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Alerting.EvaluateEvery, timeProvider);
        do
        {
            try
            {
                await EvaluateOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException)
            {
                LogInputsFailed(logger, ex.Message); // the store is down: /readyz says so; evaluate again at the next tick
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<AlertEvaluation> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        // Everything read from the store first: once the engine has evaluated, its resolutions must reach the outbox.
        var (inputs, utilization, latestValidation) = await InputsAsync(cancellationToken).ConfigureAwait(false);
        var active = await silences.ListAsync(all: false, cancellationToken).ConfigureAwait(false);
        var evaluation = engine.Evaluate(inputs);
        var planned = _planner.Plan(evaluation, active);
        status.Evaluated(evaluation, planned);
        metrics.Observe(evaluation);
        foreach (var notification in planned)
        {
            LogNotification(logger, notification.Reason, notification.GroupKey, notification.Firing.Count, notification.Resolved.Count,
                string.Join("; ", notification.Firing.Concat(notification.Resolved).Select(a => a.Summary).Take(5)));
        }

        // Stored before anything is sent: the dispatcher delivers from the outbox, and a restart or a receiver that is
        // down loses nothing. If the store refuses them, they are kept and offered again with the next evaluation's.
        var context = planned.Count == 0 ? AlertContext.Empty
            : await contextReader.ReadAsync(planned, utilization, latestValidation, cancellationToken).ConfigureAwait(false);
        _unsaved.AddRange(planned.SelectMany(n => channels.All.SelectMany(c => NotificationRenderer.Render(n, c, evaluation.At, context))));
        if (_unsaved.Count > MaxUnsaved)
        {
            LogDropped(logger, _unsaved.Count - MaxUnsaved);
            _unsaved.RemoveRange(0, _unsaved.Count - MaxUnsaved);
        }

        await outbox.EnqueueAsync(_unsaved, cancellationToken).ConfigureAwait(false);
        _unsaved.Clear();

        // After the outbox: a crash between the two sends a notification again rather than never.
        var snapshot = new AlertingSnapshot(evaluation.Active, _planner.Snapshot()).ToJson();
        if (snapshot != _savedState)
        {
            await state.SaveAsync(StateName, snapshot, cancellationToken).ConfigureAwait(false);
            _savedState = snapshot;
        }

        return evaluation;
    }

    private async Task<(AlertInputs Inputs, UtilizationReport Utilization, long? LatestValidation)> InputsAsync(CancellationToken cancellationToken)
    {
        var utilization = tracker.GetUtilization(timeProvider.GetUtcNow());
        var page = await validations.ListAsync(null, ValidationRunStore.Done, 1, cancellationToken).ConfigureAwait(false);
        var latest = page.Items.Count > 0 ? page.Items[0] : null;
        var inputs = new AlertInputs
        {
            Subnets = [.. utilization.Subnets.Select(s => new SubnetUse(s.Subnet, s.Assigned, s.Total, s.Ratio))],
            UnparsedLines = pipeline.Tail.Unparsed,
            Zones = [.. (latest?.Zones ?? []).Select(z => new ZoneHealth(z.Zone, z.Errors, z.RrsigExpirySeconds, z.SerialLag))],
            KeaTarget = kea.Target,
            KeaUp = kea.Up,
            KeaError = kea.LastError,
        };
        return (inputs, utilization, latest?.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerting resumed: {Alerts} pending or firing alert(s), {Groups} notified group(s), {Events} recent event(s) counted again")]
    private static partial void LogRestored(ILogger logger, int alerts, int groups, long events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerting starts afresh, its saved state could not be read: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Reason} for {Group}: {Firing} firing, {Resolved} resolved: {Summaries}")]
    private static partial void LogNotification(ILogger logger, string reason, string group, int firing, int resolved, string summaries);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} notification(s) dropped: the store has refused them for too long")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rules not evaluated, or their notifications not stored yet: {Reason}")]
    private static partial void LogInputsFailed(ILogger logger, string reason);
}
