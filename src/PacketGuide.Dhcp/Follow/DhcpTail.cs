using System.Threading.Channels;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// <c>pguide dhcp tail</c>: follows DHCP logs through rotations and hands their events to a sink, in order per file.
/// Delivery is at least once: a file's checkpoint moves only after the sink has accepted the events before it, so a
/// crash (even <c>kill -9</c>) and a restart with the same state directory re-deliver at most what was in flight, with
/// the same <see cref="LeaseEvent.Id"/>s, and lose nothing.
/// </summary>
public sealed class DhcpTail(TimeProvider timeProvider)
{
    private const int CheckpointsKept = 256;

    /// <summary>Follows until <paramref name="cancellationToken"/> is cancelled, then saves the checkpoints and returns.</summary>
    /// <param name="options">What to follow.</param>
    /// <param name="deliver">The sink: called with each batch's events (after <paramref name="filter"/>), in file order; a
    /// batch counts as delivered when the returned task completes.</param>
    /// <param name="filter">Which events to deliver (lines still count and checkpoints still move).</param>
    /// <param name="cancellationToken">Stops following (Ctrl-C).</param>
    /// <exception cref="DhcpFollowException">The state directory holds an unreadable checkpoint file.</exception>
    public Task<TailStatistics> RunAsync(FollowOptions options, Func<IReadOnlyList<LeaseEvent>, CancellationToken, ValueTask> deliver,
        Func<LeaseEvent, bool>? filter = null, CancellationToken cancellationToken = default) =>
        RunAsync(options, deliver, new TailStatistics(), filter, cancellationToken);

    /// <summary>As above, counting into <paramref name="statistics"/>, which the caller may read while the tail runs (metrics).</summary>
    public async Task<TailStatistics> RunAsync(FollowOptions options, Func<IReadOnlyList<LeaseEvent>, CancellationToken, ValueTask> deliver,
        TailStatistics statistics, Func<LeaseEvent, bool>? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deliver);
        var store = options.StateDirectory is null ? null : new CheckpointStore(options.StateDirectory);
        var restored = store is null ? [] : await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var positions = new Dictionary<(FileIdentity, LineFingerprint), (FollowCheckpoint Checkpoint, long Sequence)>();
        long sequence = 0;
        foreach (var c in restored)
        {
            positions[(c.Identity, c.Fingerprint)] = (c, sequence++);
        }

        var channel = Channel.CreateBounded<FollowBatch>(new BoundedChannelOptions(Math.Max(1, options.ChannelCapacity))
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var follower = new LogFollower(options, timeProvider);
        var following = Task.Run(
            async () =>
            {
                try
                {
                    await follower.RunAsync(restored, hadState: store is not null && File.Exists(store.Path), channel.Writer, stop.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        var lastSave = timeProvider.GetUtcNow();
        var unsaved = 0L;
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var events = filter is null ? batch.Events : batch.Events.Where(filter).ToList();
                if (events.Count > 0)
                {
                    await deliver(events, cancellationToken).ConfigureAwait(false);
                }

                statistics.Add(batch, events.Count, timeProvider.GetUtcNow());
                if (batch.Position.Fingerprint != default)
                {
                    positions[(batch.Position.Identity, batch.Position.Fingerprint)] = (batch.Position, sequence++);
                }

                unsaved += batch.Events.Count;
                if (store is not null && (unsaved >= options.CheckpointEvents || timeProvider.GetUtcNow() - lastSave >= options.CheckpointInterval))
                {
                    await SaveAsync(store, positions, cancellationToken).ConfigureAwait(false);
                    lastSave = timeProvider.GetUtcNow();
                    unsaved = 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await following.ConfigureAwait(false);
            if (store is not null)
            {
                // Only what the sink accepted: batches still in the channel were not delivered and are read again next time.
                await SaveAsync(store, positions, CancellationToken.None).ConfigureAwait(false);
            }
        }

        // A follower that failed (not cancelled) ends the channel with its exception; surface it.
        if (channel.Reader.Completion.IsFaulted)
        {
            await channel.Reader.Completion.ConfigureAwait(false);
        }

        return statistics;
    }

    private static Task SaveAsync(CheckpointStore store, Dictionary<(FileIdentity, LineFingerprint), (FollowCheckpoint Checkpoint, long Sequence)> positions,
        CancellationToken cancellationToken)
    {
        foreach (var stale in positions.OrderByDescending(p => p.Value.Sequence).Skip(CheckpointsKept).Select(p => p.Key).ToList())
        {
            positions.Remove(stale);
        }

        return store.SaveAsync(positions.Values.OrderBy(p => p.Sequence).Select(p => p.Checkpoint), cancellationToken);
    }
}
