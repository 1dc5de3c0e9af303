using PacketGuide.Dhcp.Follow;

namespace PacketGuide.Server.Pipeline;

/// <summary>How the hosted pipeline is doing, for /readyz, /metrics and the dashboard. Written by the pipeline, read by anyone.</summary>
public sealed class PipelineStatus
{
    private long _lastEventTicks;
    private long _storeFailures;
    private long _storedEvents;
    private long _version;
    private volatile string? _lastError;
    private volatile bool _running;

    /// <summary>Counts of the tail, kept across restarts of the tail so counters never go backwards.</summary>
    public TailStatistics Tail { get; } = new();

    /// <summary>True once the pipeline has started following (or has nothing to follow) and while it has not failed.</summary>
    public bool Running
    {
        get => _running;
        internal set => _running = value;
    }

    /// <summary>The last failure (a store write, an unreadable checkpoint), cleared by the next good batch.</summary>
    public string? LastError
    {
        get => _lastError;
        internal set => _lastError = value;
    }

    /// <summary>The newest event time seen: now minus this is how far behind the logs the pipeline is.</summary>
    public DateTimeOffset? LastEventTime => Volatile.Read(ref _lastEventTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public long StoreFailures => Volatile.Read(ref _storeFailures);

    /// <summary>Goes up each time the pipeline has changed lease state (a batch applied): caches of derived answers compare it.</summary>
    public long Version => Volatile.Read(ref _version);

    internal void Changed() => Interlocked.Increment(ref _version);

    public long StoredEvents => Volatile.Read(ref _storedEvents);

    internal void SawEvent(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        long seen;
        while (ticks > (seen = Volatile.Read(ref _lastEventTicks)) && Interlocked.CompareExchange(ref _lastEventTicks, ticks, seen) != seen)
        {
        }
    }

    internal void Stored(int count) => Interlocked.Add(ref _storedEvents, count);

    internal void StoreFailed(string error)
    {
        Interlocked.Increment(ref _storeFailures);
        LastError = error;
    }
}
