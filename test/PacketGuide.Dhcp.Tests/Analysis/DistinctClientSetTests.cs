using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Tests.Analysis;

public sealed class DistinctClientSetTests
{
    [Fact]
    public void Counts_what_a_hash_set_counts_through_growth_union_and_clear()
    {
        var random = new Random(7);
        var reference = new HashSet<ulong>();
        var referenceB = new HashSet<ulong>();
        var a = new DistinctClientSet();
        var b = new DistinctClientSet();

        // Sequential MAC-like keys (the common case: only the low bits differ) mixed with random ones, with repeats.
        for (var i = 0; i < 50_000; i++)
        {
            var key = i % 3 == 0 ? (ulong)random.NextInt64(1, long.MaxValue) : (1UL << 63) | (uint)(i % 20_000);
            var (set, expected) = i % 2 == 0 ? (a, reference) : (b, referenceB);
            expected.Add(key);
            set.Add(key);
            if (i % 1_000 == 0)
            {
                Assert.Equal(expected.Count, set.Count);
            }
        }

        Assert.Equal(reference.Count, a.Count);
        reference.UnionWith(referenceB);
        a.UnionWith(b);
        Assert.Equal(reference.Count, a.Count);
        Assert.All(reference, key => Assert.True(a.Contains(key)));
        Assert.False(a.Contains(12345));

        a.UnionWith(a);
        Assert.Equal(reference.Count, a.Count);

        a.Clear();
        Assert.Equal(0, a.Count);
        Assert.False(a.Contains(reference.First()));
        a.Add(reference.First());
        Assert.Equal(1, a.Count);
    }

    [Fact]
    public void Zero_means_no_client_and_is_not_counted()
    {
        var set = new DistinctClientSet();

        set.Add(0);
        Assert.False(set.Contains(0));
        Assert.Equal(0, set.Count);
    }
}
