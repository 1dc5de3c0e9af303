using System.Diagnostics;
using System.Globalization;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Follow;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// The product's <see cref="DhcpTail"/> following one live server log from its first line and delivering every batch
/// into a <see cref="LeaseTracker"/>, as a long-running pguide process does. Register it for disposal: that stops the tail.
/// </summary>
public sealed class TrackerTail : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _logPath;
    private readonly long[] _byKind = new long[Enum.GetValues<DhcpMessageKind>().Length];
    private readonly Task<TailStatistics> _run;
    private long _delivered;

    public TrackerTail(string logPath, LeaseTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        _logPath = logPath;
        var options = new FollowOptions
        {
            Patterns = [logPath],
            FromStart = true,
            PollInterval = TimeSpan.FromMilliseconds(50),

            // As LeaseMonitor does: every lease line, also the prefix a DHCPv6 REPLY carries after its address.
            Parse = new DhcpParseOptions { AdditionalLeaseEvents = true },
        };
        _run = Task.Run(() => new DhcpTail(TimeProvider.System).RunAsync(
            options,
            (events, _) =>
            {
                tracker.ApplyAll(events);
                foreach (var e in events)
                {
                    Interlocked.Increment(ref _byKind[(int)e.Kind]);
                }

                Interlocked.Add(ref _delivered, events.Count);
                return ValueTask.CompletedTask;
            },
            cancellationToken: _stop.Token));
    }

    /// <summary>Events delivered into the tracker so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveredOf(DhcpMessageKind kind) => Interlocked.Read(ref _byKind[(int)kind]);

    /// <summary>
    /// Once the server has stopped writing events: waits until the tail has delivered as many events as a one-shot read
    /// of the whole log finds (the library's <c>dhcp parse</c> path, with every lease line), and returns its summary. Polls; fails with both counts
    /// after <paramref name="timeout"/> (a limit on waiting, not a measurement).
    /// </summary>
    public async Task<DhcpLogSummary> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_run.IsCompleted)
            {
                await _run; // surfaces the follower's exception
                Assert.Fail($"the tail of {_logPath} stopped by itself after {Delivered} events");
            }

            var run = new DhcpLogAnalyzer(TimeProvider.System).ReadEvents(InputResolver.Resolve([_logPath]), new DhcpParseOptions { AdditionalLeaseEvents = true });
            long events = 0;
            await foreach (var e in run.Events.WithCancellation(cancellationToken))
            {
                events++;
            }

            var log = run.Summary!;
            var delivered = Delivered;
            Assert.True(delivered <= events, string.Create(CultureInfo.InvariantCulture,
                $"the tail delivered {delivered} events, but {_logPath} holds only {events}"));
            if (delivered == events)
            {
                return log;
            }

            Assert.True(waited.Elapsed < timeout, string.Create(CultureInfo.InvariantCulture,
                $"the tail of {_logPath} delivered only {delivered} of the log's {events} events within {timeout.TotalSeconds:0} s"));
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
