using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Alerting.Engine;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Follow;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Server.Metrics;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// The live DHCP pipeline: follows the configured logs through rotations (checkpoints in the data directory), applies
/// each batch to the lease tracker, writes its events and lease changes to the store in one transaction, counts it for
/// /metrics and the alert rules, and hands the stored events to the event stream. A batch the store refuses is not checkpointed: the tail
/// restarts from the last checkpoint and delivers it again (events are deduplicated by id), so nothing is lost.
/// </summary>
public sealed partial class DhcpPipeline(
    PipelineSources sources,
    LeaseTracker tracker,
    LeaseStore leases,
    DhcpStateWriter writer,
    EventHub hub,
    PipelineStatus status,
    DhcpServerRegistry servers,
    SubnetNames subnetNames,
    ServerMetrics metrics,
    AlertEngine alerts,
    TimeProvider timeProvider,
    ILogger<DhcpPipeline> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SeedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            status.StoreFailed(ex.Message);
            LogSeedFailed(logger, ex);
        }

        if (sources.Patterns.Count == 0)
        {
            status.Running = true;
            LogNothingToFollow(logger);
            return;
        }

        var patterns = string.Join(", ", sources.Patterns);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            status.Running = true;
            try
            {
                var follow = new FollowOptions
                {
                    Patterns = sources.Patterns,
                    FromStart = sources.FromStart,
                    StateDirectory = sources.StateDirectory,
                    Parse = new DhcpParseOptions { AdditionalLeaseEvents = true },
                };
                LogFollowing(logger, patterns);
                await new DhcpTail(timeProvider).RunAsync(follow, DeliverAsync, status.Tail, cancellationToken: stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store refused a batch, or a checkpoint file is unreadable: the tail restarts from its checkpoint.
                status.Running = false;
                status.StoreFailed(ex.Message);
                LogPipelineFailed(logger, delay.TotalSeconds, ex);
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
            }
        }
    }

    /// <summary>One batch from the tail: tracker, store, metrics, stream.</summary>
    internal async ValueTask DeliverAsync(IReadOnlyList<LeaseEvent> events, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var touched = new HashSet<IPAddress>();
        var superseded = new List<IPAddress>();
        var records = new List<EventRecord>(events.Count);
        foreach (var e in events)
        {
            if (tracker.Apply(e, superseded) != LeaseChange.None && e.Ip is { } ip)
            {
                touched.Add(ip);
            }

            records.Add(EventRecord.From(e, now) with { Subnet = subnetNames.Of(e) });
            if (e.Time is { } t)
            {
                status.SawEvent(t);
            }
        }

        foreach (var group in events.GroupBy(e => e.Server, StringComparer.Ordinal))
        {
            servers.Saw(group.Key, group.Max(e => e.Time) ?? now, group.Count());
        }

        touched.UnionWith(superseded);
        var upserts = new List<LeaseRecord>();
        var removals = new List<IPAddress>();
        foreach (var ip in touched)
        {
            if (tracker.Find(ip, now) is { } lease)
            {
                upserts.Add(LeaseRecord.From(lease));
            }
            else
            {
                removals.Add(ip);
            }
        }

        status.Changed();
        metrics.Count(events, subnetNames);
        var started = Stopwatch.GetTimestamp();
        var stored = await writer.WriteAsync(records, upserts, removals, cancellationToken).ConfigureAwait(false);
        metrics.ObserveStoreWrite(Stopwatch.GetElapsedTime(started));
        status.Stored(stored.Count);
        status.LastError = null;
        alerts.Observe(events, subnetNames.Of); // after the write: a batch the store refused is delivered, and counted, again
        hub.Publish(stored);
    }

    /// <summary>After a restart the tracker starts from the leases the store holds; the tail then resumes from its checkpoints.</summary>
    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = await leases.LoadCurrentAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var lease in current)
        {
            tracker.Apply(new LeaseEvent
            {
                Time = lease.Starts,
                Server = lease.Server ?? "store",
                Kind = lease.State == "declined" ? DhcpMessageKind.Decline : DhcpMessageKind.Ack,
                Ip = IPAddress.Parse(lease.Address),
                Mac = MacAddress.TryParse(lease.Mac, out var mac) ? mac : null,
                ClientId = lease.ClientId,
                Hostname = lease.Hostname,
                Subnet = lease.SubnetId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? lease.Subnet,
                LeaseSeconds = (long)(lease.Expires - lease.Starts).TotalSeconds,
                Source = new SourceLocation("store", 0),
            });
        }

        LogSeeded(logger, current.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease tracker starts from {Count} leases in the store")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the leases in the store; starting empty")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "No DHCP logs configured (serve.dhcp.logs); the pipeline is idle")]
    private static partial void LogNothingToFollow(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following {Patterns}")]
    private static partial void LogFollowing(ILogger logger, string patterns);

    [LoggerMessage(Level = LogLevel.Error, Message = "The pipeline stopped; restarting from the last checkpoint in {Seconds} s")]
    private static partial void LogPipelineFailed(ILogger logger, double seconds, Exception exception);
}
