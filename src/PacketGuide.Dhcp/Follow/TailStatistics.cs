namespace PacketGuide.Dhcp.Follow;

/// <summary>What a tail run has read and delivered so far.</summary>
public sealed class TailStatistics
{
    public long Lines { get; private set; }

    public long Events { get; private set; }

    public long Delivered { get; private set; }

    public long Unparsed { get; private set; }

    internal void Add(FollowBatch batch, int delivered)
    {
        Lines += batch.Lines;
        Events += batch.Events.Count;
        Delivered += delivered;
        Unparsed += batch.Unparsed;
    }
}
