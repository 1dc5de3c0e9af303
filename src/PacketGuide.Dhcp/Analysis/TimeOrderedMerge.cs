using System.Runtime.CompilerServices;

namespace PacketGuide.Dhcp.Analysis;

/// <summary>
/// Merges event streams that are each in time order into one. Events without a time keep their place relative to
/// the event before them in their own stream.
/// </summary>
internal static class TimeOrderedMerge
{
    public static async IAsyncEnumerable<LeaseEvent> MergeAsync(IReadOnlyList<IAsyncEnumerable<LeaseEvent>> streams,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (streams.Count == 1)
        {
            await foreach (var e in streams[0].WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }

            yield break;
        }

        var enumerators = streams.Select(s => s.GetAsyncEnumerator(cancellationToken)).ToList();
        var lastTime = new DateTimeOffset[enumerators.Count];
        var queue = new PriorityQueue<int, (DateTimeOffset Time, int Stream)>();
        try
        {
            for (var i = 0; i < enumerators.Count; i++)
            {
                if (await enumerators[i].MoveNextAsync().ConfigureAwait(false))
                {
                    queue.Enqueue(i, (Key(enumerators[i].Current, ref lastTime[i]), i));
                }
            }

            while (queue.TryDequeue(out var index, out _))
            {
                yield return enumerators[index].Current;
                if (await enumerators[index].MoveNextAsync().ConfigureAwait(false))
                {
                    queue.Enqueue(index, (Key(enumerators[index].Current, ref lastTime[index]), index));
                }
            }
        }
        finally
        {
            foreach (var e in enumerators)
            {
                await e.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static DateTimeOffset Key(LeaseEvent e, ref DateTimeOffset last)
    {
        if (e.Time is { } t)
        {
            last = t;
        }

        return last;
    }
}
