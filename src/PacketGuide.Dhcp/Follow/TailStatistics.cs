using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// What a tail run has read and delivered so far. The tail updates it after each batch; other threads (a metrics scrape)
/// may read it at any time and see each count whole.
/// </summary>
public sealed class TailStatistics
{
    private readonly long[] _unparsedByReason = new long[UnparsedReasons.Count];
    private long _lines;
    private long _events;
    private long _delivered;
    private long _unparsed;
    private long _lastBatchTicks;

    public long Lines => Volatile.Read(ref _lines);

    public long Events => Volatile.Read(ref _events);

    public long Delivered => Volatile.Read(ref _delivered);

    public long Unparsed => Volatile.Read(ref _unparsed);

    /// <summary>When the last batch was delivered (null before the first).</summary>
    public DateTimeOffset? LastBatch => Volatile.Read(ref _lastBatchTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Unparsed lines of one reason.</summary>
    public long UnparsedOf(UnparsedReason reason) => Volatile.Read(ref _unparsedByReason[(int)reason]);

    internal void Add(FollowBatch batch, int delivered, DateTimeOffset now)
    {
        Interlocked.Add(ref _lines, batch.Lines);
        Interlocked.Add(ref _events, batch.Events.Count);
        Interlocked.Add(ref _delivered, delivered);
        Interlocked.Add(ref _unparsed, batch.Unparsed);
        if (batch.UnparsedByReason is { } byReason)
        {
            for (var i = 0; i < byReason.Count && i < _unparsedByReason.Length; i++)
            {
                Interlocked.Add(ref _unparsedByReason[i], byReason[i]);
            }
        }

        Volatile.Write(ref _lastBatchTicks, now.UtcTicks);
    }
}
