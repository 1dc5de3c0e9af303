namespace PacketGuide.Dhcp.Analysis;

/// <summary>Event counts per <see cref="DhcpMessageKind"/>.</summary>
public sealed class KindCounts
{
    private readonly long[] _counts = new long[DhcpMessageKinds.Count];

    public long this[DhcpMessageKind kind] => _counts[(int)kind];

    public long Total => _counts.Sum();

    internal void Add(DhcpMessageKind kind) => _counts[(int)kind]++;

    internal void Add(KindCounts other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }
}
