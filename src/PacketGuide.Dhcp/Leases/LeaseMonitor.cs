using PacketGuide.Dhcp.Follow;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// Keeps a <see cref="LeaseTracker"/> current: loads lease files and logs into it, follows live logs with
/// <see cref="DhcpTail"/>, reconciles with the server's lease list on a timer, and hands out utilization snapshots.
/// This is what <c>pguide dhcp leases|pools</c> run and what <c>pguide serve</c> will host.
/// </summary>
public sealed class LeaseMonitor(LeaseTracker tracker, TimeProvider timeProvider)
{
    public LeaseTracker Tracker { get; } = tracker;

    /// <summary>
    /// Reads logs, lease files and saved Kea API answers (anything <c>dhcp parse</c> reads), merged in time order, into
    /// the tracker.
    /// </summary>
    public async Task<LeaseLoadResult> LoadAsync(IReadOnlyList<DhcpInput> inputs, DhcpParseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        // Every lease line counts for lease state, also the prefix a DHCPv6 REPLY carries after its address.
        var run = new DhcpLogAnalyzer(timeProvider).ReadEvents(inputs, options with { AdditionalLeaseEvents = true });
        long changes = 0;
        await foreach (var e in run.Events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            changes += Tracker.Apply(e) == LeaseChange.None ? 0 : 1;
        }

        return new LeaseLoadResult(run.Summary!, changes, Tracker.ActiveLeases);
    }

    /// <summary>
    /// Splits command-line inputs for following: files that hold a lease database or a saved API answer (or are gzip
    /// files), which are read once, and line logs and globs, which are followed.
    /// </summary>
    public static (IReadOnlyList<string> ReadOnce, IReadOnlyList<string> Follow) SplitForFollowing(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var once = new List<string>();
        var follow = new List<string>();
        foreach (var input in inputs)
        {
            if (Path.GetFileName(input).AsSpan().IndexOfAny('*', '?') >= 0 || !File.Exists(input))
            {
                follow.Add(input);
                continue;
            }

            if (input.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                once.Add(input);
                continue;
            }

            using var stream = File.OpenRead(input);
            var head = new byte[FormatDetector.SniffBytes];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            (FormatDetector.Detect(head.AsSpan(0, read)) is { } format && !format.IsLineLog() ? once : follow).Add(input);
        }

        return (once, follow);
    }

    /// <summary>
    /// Follows logs into the tracker until <paramref name="cancellationToken"/> is cancelled; meanwhile reconciles and
    /// reports snapshots as <paramref name="options"/> say. Returns the tail's counts.
    /// </summary>
    public async Task<TailStatistics> FollowAsync(FollowOptions follow, LeaseMonitorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(follow);
        ArgumentNullException.ThrowIfNull(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporting = ReportAsync(options, stop.Token);
        try
        {
            return await new DhcpTail(timeProvider).RunAsync(
                follow with { Parse = follow.Parse with { AdditionalLeaseEvents = true } },
                (events, _) =>
                {
                    foreach (var e in events)
                    {
                        Tracker.Apply(e);
                    }

                    return ValueTask.CompletedTask;
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
        }
    }

    /// <summary>Reconciles with the server now (when a source is configured) and returns the drift.</summary>
    public async Task<LeaseReconciliation?> ReconcileAsync(LeaseMonitorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServerLeases is not { } source)
        {
            return null;
        }

        var leases = await source(cancellationToken).ConfigureAwait(false);
        return Tracker.Reconcile(leases, timeProvider.GetUtcNow());
    }

    private Task ReportAsync(LeaseMonitorOptions options, CancellationToken cancellationToken)
    {
        // Reconciliations hand their drift to the next snapshot.
        LeaseReconciliation? pending = null;
        var reconciling = options.ReconcileEvery is { } every && options.ServerLeases is not null
            ? EveryAsync(every, async ct =>
            {
                try
                {
                    Volatile.Write(ref pending, await ReconcileAsync(options, ct).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is not OperationCanceledException && options.OnReconcileError is not null)
                {
                    await options.OnReconcileError(ex, ct).ConfigureAwait(false);
                }
            }, cancellationToken)
            : Task.CompletedTask;
        var reporting = options.OnSnapshot is { } onSnapshot
            ? EveryAsync(options.SnapshotEvery, async ct =>
            {
                var drift = Interlocked.Exchange(ref pending, null);
                await onSnapshot(Tracker.GetUtilization(timeProvider.GetUtcNow()), drift, ct).ConfigureAwait(false);
            }, cancellationToken)
            : Task.CompletedTask;
        return Task.WhenAll(reconciling, reporting);
    }

    private async Task EveryAsync(TimeSpan period, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await action(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
