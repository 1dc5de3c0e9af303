namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Kea writes several lines about one packet (at debug level: received, subnet selected, lease allocated, sent).
/// This remembers, per (transaction id, client), when each kind was last counted and what subnet and relay the
/// packet came through, so that one message yields one event and detail lines inherit the packet's context.
/// It is a direct-mapped table: O(1), fixed size, a collision only forgets old state.
/// </summary>
internal sealed class KeaTransactionWindow
{
    private const int Size = 1024;
    private readonly Entry[] _entries = new Entry[Size];

    /// <summary>Lines further apart than this are not about the same packet, even with the same transaction id.</summary>
    private const long StaleTicks = 2 * TimeSpan.TicksPerSecond;

    /// <summary>
    /// The entry for a transaction, reset if it held another transaction or was last touched more than two seconds
    /// from <paramref name="utcTicks"/> (a client that reuses a transaction id later starts a new exchange).
    /// </summary>
    public ref Entry For(uint tid, ulong client, long utcTicks)
    {
        var slot = (int)((((ulong)tid * 0x9E3779B97F4A7C15UL) ^ (client * 0xC2B2AE3D27D4EB4FUL)) >> 54) & (Size - 1);
        ref var e = ref _entries[slot];
        if (!e.Used || e.Tid != tid || e.Client != client || Math.Abs(utcTicks - e.LastSeen) > StaleTicks)
        {
            e = default;
            e.Used = true;
            e.Tid = tid;
            e.Client = client;
        }

        e.LastSeen = utcTicks;
        return ref e;
    }

    /// <summary>Forgets every transaction, so a worker can reuse the table for its next chunk.</summary>
    public void Clear() => Array.Clear(_entries);

    internal struct Entry
    {
        public bool Used;
        public uint Tid;
        public ulong Client;
        public long LastSeen;
        public long ReceivedRequest;
        public long Offer;
        public long Ack;
        public long Release;
        public long Decline;
        public long Expire;
        public long AllocationFailed;
        public string? Subnet;
        public string? Via;

        /// <summary>The slot holding the last time a detail line counted <paramref name="kind"/>.</summary>
        public static ref long DetailTime(ref Entry entry, DhcpMessageKind kind)
        {
            switch (kind)
            {
                case DhcpMessageKind.Offer: return ref entry.Offer;
                case DhcpMessageKind.Ack: return ref entry.Ack;
                case DhcpMessageKind.Release: return ref entry.Release;
                case DhcpMessageKind.Decline: return ref entry.Decline;
                case DhcpMessageKind.Expire: return ref entry.Expire;
                case DhcpMessageKind.AllocationFailed: return ref entry.AllocationFailed;
                default: return ref entry.ReceivedRequest;
            }
        }
    }
}
