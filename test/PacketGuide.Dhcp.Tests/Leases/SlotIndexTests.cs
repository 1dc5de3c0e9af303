using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Dhcp.Tests.Leases;

/// <summary>The open-addressing index against a Dictionary, with keys crafted to collide so deletion shifts long runs.</summary>
public sealed class SlotIndexTests
{
    [Theory]
    [InlineData(1, 200_000, 5_000)]
    [InlineData(2, 200_000, 300)]
    [InlineData(3, 50_000, 60_000)]
    public void Random_sets_and_removes_agree_with_a_dictionary(int seed, int operations, int keySpace)
    {
        var random = new Random(seed);
        var slotKeys = new ulong[keySpace];
        var keys = new ArrayKeys(slotKeys);
        var index = new SlotIndex<ulong, ArrayKeys>(keys);
        var expected = new Dictionary<ulong, int>();
        for (var op = 0; op < operations; op++)
        {
            // Slot n holds key n * 16 with few distinct hashes (see ArrayKeys.Hash): many collisions.
            var slot = random.Next(keySpace);
            var key = (ulong)slot * 16;
            slotKeys[slot] = key;
            if (random.Next(3) == 0)
            {
                index.Remove(key, slot);
                expected.Remove(key);
            }
            else
            {
                index.Set(key, slot);
                expected[key] = slot;
            }

            if (op % 997 == 0)
            {
                Assert.Equal(expected.Count, index.Count);
                for (var probe = 0; probe < 50; probe++)
                {
                    var k = (ulong)random.Next(keySpace) * 16;
                    Assert.Equal(expected.TryGetValue(k, out var s) ? s : -1, index.Find(k));
                }
            }
        }

        foreach (var (key, slot) in expected)
        {
            Assert.Equal(slot, index.Find(key));
        }

        Assert.Equal(expected.Count, index.Count);
    }

    [Fact]
    public void Removing_a_slot_that_is_not_indexed_under_the_key_changes_nothing()
    {
        var slotKeys = new ulong[] { 7, 7 };
        var index = new SlotIndex<ulong, ArrayKeys>(new ArrayKeys(slotKeys));
        index.Set(7, 1);

        index.Remove(7, 0);

        Assert.Equal(1, index.Find(7));
        Assert.Equal(1, index.Count);
    }

    private readonly struct ArrayKeys(ulong[] slotKeys) : ISlotKeys<ulong>
    {
        // Only 64 distinct hashes: runs of many entries, so backward-shift deletion is exercised hard.
        public ulong Hash(ulong key) => key % 64;

        public ulong HashOf(int slot) => Hash(slotKeys[slot]);

        public bool Matches(int slot, ulong key) => slotKeys[slot] == key;
    }
}
