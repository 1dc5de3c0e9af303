using System.Collections.Concurrent;
using PacketGuide.Dhcp.Follow;

namespace PacketGuide.Dhcp.Tests.Follow;

/// <summary>Runs <see cref="DhcpTail"/> in the background with fast polling and records what it delivers.</summary>
internal sealed class TailHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<TailStatistics> _run;

    public TailHarness(FollowOptions options)
    {
        var fast = options with
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            RetireAfter = TimeSpan.FromMilliseconds(400),
            CheckpointInterval = TimeSpan.Zero,
            Parse = options.Parse with { TimeZone = TimeZoneInfo.Utc },
        };
        _run = new DhcpTail(TimeProvider.System).RunAsync(fast, (events, _) =>
        {
            foreach (var e in events)
            {
                Delivered.Enqueue(e);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken: _stop.Token);
    }

    public ConcurrentQueue<LeaseEvent> Delivered { get; } = new();

    /// <summary>Host names ("h123") of the delivered events, in delivery order.</summary>
    public List<string> Hosts => Delivered.Select(e => e.Hostname ?? "?").ToList();

    /// <summary>Waits (at most 20 s, then fails) until <paramref name="count"/> events have arrived.</summary>
    public async Task WaitForAsync(int count)
    {
        for (var waited = 0; Delivered.Count < count; waited += 20)
        {
            if (_run.IsCompleted)
            {
                await _run; // surfaces the follower's exception
            }

            Assert.True(waited < 20_000, $"only {Delivered.Count} of {count} events arrived within 20 s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async Task<TailStatistics> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
