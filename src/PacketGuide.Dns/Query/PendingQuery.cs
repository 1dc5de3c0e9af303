namespace PacketGuide.Dns.Query;

/// <summary>One question in flight: its encoded message (the id patched in), where and when it was sent, who waits for it.</summary>
internal sealed class PendingQuery(string name, ushort type, bool dnssecOk, ArraySegment<byte> packet)
{
    public string Name { get; } = name;

    public ushort Type { get; } = type;

    public bool DnssecOk { get; } = dnssecOk;

    /// <summary>The query message; bytes 0-1 are the transaction id.</summary>
    public ArraySegment<byte> Packet { get; } = packet;

    public ushort Id { get; private set; }

    public int Socket { get; set; }

    /// <summary>Where <see cref="PendingQueryTable"/> keeps it in its list of queries in flight.</summary>
    public int TableSlot { get; set; }

    public int Attempts { get; set; }

    public long FirstSent { get; set; }

    public long LastSent { get; set; }

    /// <summary>Who waits for a single query (<see cref="DnsQueryEngine.QueryAsync"/>); null for a bulk run's.</summary>
    public TaskCompletionSource<DnsAnswer>? Completion { get; init; }

    /// <summary>The bulk run the question belongs to; null for a single query.</summary>
    public BulkQueryRun? Run { get; init; }

    /// <summary>The question's place in its bulk run (-1 for a single query).</summary>
    public int Index { get; init; } = -1;

    /// <summary>Fails a single query's waiter (cancelled, or the engine disposed); a bulk run's questions are delivered instead.</summary>
    public void Abandon(Exception reason) => Completion?.TrySetException(reason);

    /// <summary>
    /// Whether a message is an answer (QR set) to this query's question: one question, the same name (ASCII letters in any
    /// case, as servers may echo it) and the same type and class, compared as bytes before anything is decoded. The name of
    /// the question section is never compressed by a conforming server (nothing precedes it to point to); one that is, is
    /// taken as not this answer.
    /// </summary>
    public bool IsAnsweredBy(ReadOnlySpan<byte> message)
    {
        var asked = Packet.AsSpan();
        var length = QuestionLength(asked);
        if (length < 0 || message.Length < 12 + length || (message[2] & 0x80) == 0 || message[4] != 0 || message[5] != 1)
        {
            return false;
        }

        var mine = asked.Slice(12, length);
        var theirs = message.Slice(12, length);
        for (var i = 0; i < length - 4; i++)
        {
            if (mine[i] != theirs[i] && FoldCase(mine[i]) != FoldCase(theirs[i]))
            {
                return false;
            }
        }

        return mine[^4..].SequenceEqual(theirs[^4..]);
    }

    /// <summary>Bytes of the question section of the encoded query (name, type, class); -1 when it is not well formed.</summary>
    private static int QuestionLength(ReadOnlySpan<byte> packet)
    {
        var at = 12;
        while (at < packet.Length && packet[at] != 0)
        {
            if (packet[at] > 63)
            {
                return -1; // a pointer or an extended label type: ARSoft writes neither in a query's only question
            }

            at += packet[at] + 1;
        }

        return at + 5 <= packet.Length ? at + 5 - 12 : -1;
    }

    private static byte FoldCase(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    public void SetId(ushort id)
    {
        Id = id;
        var packet = Packet; // a copy of the segment, over the same bytes
        packet[0] = (byte)(id >> 8);
        packet[1] = (byte)id;
    }
}
