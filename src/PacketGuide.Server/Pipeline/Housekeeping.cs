using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// Deletes expired leases from the store every minute, and every hour the events and DNS validation runs past the
/// retention period (the newest finished run is kept whatever its age), and sent, failed or expired notifications.
/// </summary>
public sealed partial class Housekeeping(ServeOptions options, LeaseStore leases, EventStore events, ValidationRunStore validations, OutboxStore notifications,
    TimeProvider timeProvider,
    ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastRetention = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), timeProvider);
        do
        {
            try
            {
                var now = timeProvider.GetUtcNow();
                await leases.DeleteExpiredAsync(now, stoppingToken).ConfigureAwait(false);
                if (now - lastRetention >= TimeSpan.FromHours(1))
                {
                    var deleted = await events.DeleteOlderThanAsync(now - options.Storage.EventRetention, stoppingToken).ConfigureAwait(false);
                    await validations.DeleteOlderThanAsync(now - options.Storage.EventRetention, stoppingToken).ConfigureAwait(false);
                    await notifications.DeleteOlderThanAsync(now - options.Storage.EventRetention, stoppingToken).ConfigureAwait(false);
                    lastRetention = now;
                    if (deleted > 0)
                    {
                        LogRetention(logger, deleted, options.Storage.EventRetention.TotalDays);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} events older than {Days} days")]
    private static partial void LogRetention(ILogger logger, long count, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store cleanup failed; retrying in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
