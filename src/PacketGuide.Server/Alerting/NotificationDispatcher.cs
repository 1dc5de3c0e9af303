using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Delivers the outbox: every second, the notifications that are due, oldest first. 2xx is delivered; 429, 5xx and a
/// receiver that cannot be reached are retried with exponential backoff (1 s doubling to 5 minutes, or the receiver's
/// Retry-After) until the channel's expiry; any other answer (400: the receiver will never take it) fails the
/// notification at once and logs the receiver's words. A restart loses nothing: what was not delivered is still pending.
/// PagerDuty channels send at most their per-minute limit per routing key. Sending is <see cref="NotificationSender"/>'s.
/// Alertmanager channels also get the firing alerts re-sent every minute (<see cref="NotificationRenderer.Refresh"/>),
/// since Alertmanager resolves an alert nobody re-sends. A backlog goes out batch after batch without waiting a second.
/// </summary>
public sealed partial class NotificationDispatcher(
    OutboxStore outbox,
    AlertChannels channels,
    AlertEngine engine,
    NotificationSender sender,
    PacketGuide.Server.Configuration.ServeOptions options,
    Metrics.AlertMetrics metrics,
    TimeProvider timeProvider,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    /// <summary>Notifications read from the outbox at a time; a full batch is followed at once by the next one.</summary>
    private const int Batch = 100;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!channels.All.Any())
        {
            return;
        }

        using var timer = new PeriodicTimer(Poll, timeProvider);
        do
        {
            try
            {
                await ExpireAsync(stoppingToken).ConfigureAwait(false);
                while (await DeliverDueAsync(stoppingToken).ConfigureAwait(false) == Batch)
                {
                    // A full batch was attempted: more may be due, so the backlog is not held to one batch a second.
                }

                await RefreshAlertmanagerAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException)
            {
                LogStoreFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Marks what is still pending past its channel's expire as expired (once a tick, before the batches).</summary>
    internal async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var expired = await outbox.ExpireAsync(cancellationToken).ConfigureAwait(false);
        if (expired > 0)
        {
            metrics.Expired(expired);
            LogExpired(logger, expired);
        }
    }

    /// <summary>Attempts the due notifications, one batch; returns how many were attempted (not held back by a per-minute limit).</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var attempted = 0;
        foreach (var message in await outbox.DueAsync(Batch, cancellationToken).ConfigureAwait(false))
        {
            if (!channels.TryGet(message.Channel, out var channel, out var secret))
            {
                await outbox.MarkFailedAsync(message.Id, $"channel '{message.Channel}' is no longer in alerting.channels", cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!TakeSlot(channel))
            {
                continue; // over the channel's per-minute limit: stays pending, sent in a later round, no attempt counted
            }

            attempted++;
            SendResult result;
            try
            {
                result = await sender.SendAsync(channel, secret, message.Body, message.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Something no receiver answer explains (a library's surprise): this notification is retried with
                // backoff, and the dispatcher goes on with the others instead of stopping for good.
                result = new SendResult(SendOutcome.Retry, $"{ex.GetType().Name}: {ex.Message}", null);
            }

            var (outcome, error, retryAfter) = result;
            switch (outcome)
            {
                case SendOutcome.Delivered:
                    await outbox.MarkDeliveredAsync(message.Id, cancellationToken).ConfigureAwait(false);
                    metrics.Sent(channel.Name, "delivered");
                    break;
                case SendOutcome.Retry:
                    var backoff = retryAfter ?? TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 16))));
                    await outbox.MarkRetryAsync(message.Id, timeProvider.GetUtcNow() + backoff, error!, cancellationToken).ConfigureAwait(false);
                    metrics.Sent(channel.Name, "retried");
                    LogRetry(logger, message.Id, channel.Name, error!, backoff.TotalSeconds);
                    break;
                default:
                    await outbox.MarkFailedAsync(message.Id, error!, cancellationToken).ConfigureAwait(false);
                    metrics.Sent(channel.Name, "refused");
                    LogRefused(logger, message.Id, channel.Name, error!);
                    break;
            }
        }

        return attempted;
    }

    private async Task RefreshAlertmanagerAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now - _lastRefresh < RefreshEvery)
        {
            return;
        }

        _lastRefresh = now;
        var firing = engine.Active.Where(a => a.State == AlertState.Firing).ToList();
        if (firing.Count == 0)
        {
            return;
        }

        foreach (var channel in channels.All.Where(c => c.Type == AlertChannelType.Alertmanager))
        {
            // Not through the outbox: the next refresh is the retry. endsAt a few refreshes ahead, as Prometheus does.
            var (outcome, error, _) = await sender.SendAsync(channel, null, NotificationRenderer.Refresh(firing, channel, now + (4 * RefreshEvery), options.Alerting.DashboardUrl), 0, cancellationToken)
                .ConfigureAwait(false);
            if (outcome != SendOutcome.Delivered)
            {
                LogRetry(logger, 0, channel.Name, error!, RefreshEvery.TotalSeconds);
            }
        }
    }

    /// <summary>
    /// A send within the per-minute limit. PagerDuty's Events API throttles each routing key, so channels that share a key
    /// share its count (<see cref="AlertChannels.LimitKey"/>).
    /// </summary>
    private bool TakeSlot(AlertChannel channel)
    {
        if (channel.Type != AlertChannelType.PagerDuty)
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        var limiter = channels.LimitKey(channel.Name);
        if (!_sent.TryGetValue(limiter, out var sent))
        {
            _sent[limiter] = sent = new Queue<DateTimeOffset>();
        }

        while (sent.Count > 0 && now - sent.Peek() >= TimeSpan.FromMinutes(1))
        {
            sent.Dequeue();
        }

        if (sent.Count >= channel.PerMinute)
        {
            return false;
        }

        sent.Enqueue(now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Id} to {Channel} not delivered, retrying in {Seconds:0} s: {Error}")]
    private static partial void LogRetry(ILogger logger, long id, string channel, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification {Id} to {Channel} refused for good: {Error}")]
    private static partial void LogRefused(ILogger logger, long id, string channel, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} notification(s) expired undelivered (see GET /api/v1/alerts/notifications)")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification outbox not read: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string reason);
}
