namespace PacketGuide.Dhcp.Leases;

/// <summary>How a <see cref="SlotIndex{TKey, TKeys}"/> hashes keys and compares them with the slot they point to.</summary>
internal interface ISlotKeys<TKey>
{
    ulong Hash(TKey key);

    /// <summary>The hash of the key slot <paramref name="slot"/> is indexed under (its fields as they are now).</summary>
    ulong HashOf(int slot);

    bool Matches(int slot, TKey key);
}

/// <summary>
/// A hash index from a key to a slot number: open addressing with linear probing in one <c>int[]</c> (4 bytes per entry,
/// where a <c>Dictionary</c> of a 128-bit key costs 48), the key itself read from the slot. Deletion shifts the probe
/// run back, so there are no tombstones. Load at most 5/8; grows by doubling.
/// </summary>
internal sealed class SlotIndex<TKey, TKeys>(TKeys keys)
    where TKeys : struct, ISlotKeys<TKey>
{
    private int[] _table = new int[1024];
    private int _count;

    public int Count => _count;

    /// <summary>The slot indexed under <paramref name="key"/>, or -1.</summary>
    public int Find(TKey key)
    {
        var mask = _table.Length - 1;
        for (var i = Home(keys.Hash(key), mask); ; i = (i + 1) & mask)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                return -1;
            }

            if (keys.Matches(entry - 1, key))
            {
                return entry - 1;
            }
        }
    }

    /// <summary>Indexes <paramref name="slot"/> under <paramref name="key"/>, replacing the slot indexed there before.</summary>
    public void Set(TKey key, int slot)
    {
        if ((_count + 1) * 8 > _table.Length * 5)
        {
            Grow();
        }

        var mask = _table.Length - 1;
        for (var i = Home(keys.Hash(key), mask); ; i = (i + 1) & mask)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                _table[i] = slot + 1;
                _count++;
                return;
            }

            if (keys.Matches(entry - 1, key))
            {
                _table[i] = slot + 1;
                return;
            }
        }
    }

    /// <summary>Removes the entry for <paramref name="key"/> if it points to <paramref name="slot"/>; call before the slot's key fields change.</summary>
    public void Remove(TKey key, int slot)
    {
        var mask = _table.Length - 1;
        var i = Home(keys.Hash(key), mask);
        while (true)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                return;
            }

            if (entry - 1 == slot)
            {
                break;
            }

            i = (i + 1) & mask;
        }

        // Backward shift: move later entries of the run whose home is not in (i, j] into the hole.
        var hole = i;
        for (var j = (i + 1) & mask; _table[j] != 0; j = (j + 1) & mask)
        {
            var home = Home(keys.HashOf(_table[j] - 1), mask);
            var stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!stays)
            {
                _table[hole] = _table[j];
                hole = j;
            }
        }

        _table[hole] = 0;
        _count--;
    }

    private void Grow()
    {
        var old = _table;
        _table = new int[old.Length * 2];
        var mask = _table.Length - 1;
        foreach (var entry in old)
        {
            if (entry == 0)
            {
                continue;
            }

            var i = Home(keys.HashOf(entry - 1), mask);
            while (_table[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _table[i] = entry;
        }
    }

    private static int Home(ulong hash, int mask) => (int)((hash * 0x9E3779B97F4A7C15UL) >> 32) & mask;
}
