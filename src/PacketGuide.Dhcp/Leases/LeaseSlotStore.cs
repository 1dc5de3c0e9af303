namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// The tracker's slots in chunks of 65,536: growing adds a chunk instead of copying one big array (which would leave the
/// old array to the GC and double the peak), and freed slots are reused.
/// </summary>
internal sealed class LeaseSlotStore
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<LeaseSlot[]> _chunks = [];
    private readonly Stack<int> _free = new();

    /// <summary>Slots ever handed out (free ones included): iterate 0..Count-1 and skip <see cref="LeaseSlotState.Free"/>.</summary>
    public int Count { get; private set; }

    public ref LeaseSlot this[int slot] => ref _chunks[slot >> ChunkBits][slot & (ChunkSize - 1)];

    public int Allocate()
    {
        if (_free.TryPop(out var slot))
        {
            return slot;
        }

        if (Count == _chunks.Count * ChunkSize)
        {
            _chunks.Add(new LeaseSlot[ChunkSize]);
        }

        return Count++;
    }

    public void Free(int slot)
    {
        this[slot] = default;
        _free.Push(slot);
    }
}
