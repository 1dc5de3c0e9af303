using System.Net;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

public sealed class PoolModelTests
{
    private static DhcpServerConfig Kea(string dhcp, string subnets)
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", $$"""{ "{{dhcp}}": { "{{(dhcp == "Dhcp4" ? "subnet4" : "subnet6")}}": [ {{subnets}} ] } }""");
        return files.Load("kea.conf");
    }

    [Theory]
    [InlineData("10.0.0.10 - 10.0.0.250", 241)]
    [InlineData("10.0.0.10-10.0.0.10", 1)]
    [InlineData("10.0.0.0/26", 64)]
    [InlineData("10.0.0.0/24", 256)]
    [InlineData("10.0.0.7/32", 1)]
    public void V4_pool_sizes(string pool, int size)
    {
        var config = Kea("Dhcp4", $$"""{ "id": 1, "subnet": "10.0.0.0/24", "pools": [ { "pool": "{{pool}}" } ] }""");

        Assert.Equal((UInt128)size, Assert.Single(Assert.Single(config.Subnets).Pools).Size);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void V6_slash_64_pool_has_two_to_the_64_addresses_and_pd_pool_counts_prefixes()
    {
        var config = Kea("Dhcp6", """
            { "id": 7, "subnet": "2001:db8::/48", "pools": [ { "pool": "2001:db8:0:1::/64" }, { "pool": "2001:db8::10 - 2001:db8::1f" } ],
              "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 40, "delegated-len": 56 },
                            { "prefix": "3fff::", "prefix-len": 32, "delegated-len": 32 } ] }
            """);

        var subnet = Assert.Single(config.Subnets);
        Assert.Equal(UInt128.One << 64, subnet.Pools[0].Size);
        Assert.Equal((UInt128)16, subnet.Pools[1].Size);
        Assert.Equal((UInt128.One << 64) + 16, subnet.TotalAddresses);
        Assert.Equal((UInt128)65536, subnet.PrefixPools[0].PrefixCount);
        Assert.Equal(UInt128.One, subnet.PrefixPools[1].PrefixCount);
        Assert.Equal((UInt128)65537, subnet.TotalPrefixes);
        Assert.Equal(7, subnet.Id);
    }

    [Fact]
    public void Whole_v6_space_saturates_instead_of_overflowing()
    {
        var config = Kea("Dhcp6", """{ "subnet": "::/0", "pools": [ { "pool": "::/0" } ], "pd-pools": [ { "prefix": "::", "prefix-len": 0, "delegated-len": 128 } ] }""");

        Assert.Equal(UInt128.MaxValue, config.Subnets[0].TotalAddresses);
        Assert.Equal(UInt128.MaxValue, config.Subnets[0].TotalPrefixes);
    }

    [Theory]
    [InlineData("10.0.0.9", false)]
    [InlineData("10.0.0.10", true)]
    [InlineData("10.0.0.100", true)]
    [InlineData("10.0.0.250", true)]
    [InlineData("10.0.0.251", false)]
    [InlineData("::ffff:10.0.0.100", false)]
    [InlineData("2001:db8::a", false)]
    public void V4_contains_edges(string address, bool expected)
    {
        var config = Kea("Dhcp4", """{ "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.10 - 10.0.0.250" } ] }""");
        var pool = config.Subnets[0].Pools[0];

        Assert.Equal(expected, pool.Contains(IPAddress.Parse(address)));
        Assert.Equal(expected ? pool : null, config.FindPool(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2001:db8::ff", false)]
    [InlineData("2001:db8::100", true)]
    [InlineData("2001:db8::1ff", true)]
    [InlineData("2001:db8::200", false)]
    [InlineData("10.0.0.1", false)]
    public void V6_contains_edges(string address, bool expected)
    {
        var config = Kea("Dhcp6", """{ "subnet": "2001:db8::/64", "pools": [ { "pool": "2001:db8::100-2001:db8::1ff" } ] }""");

        Assert.Equal(expected, config.Subnets[0].Pools[0].Contains(IPAddress.Parse(address)));
        Assert.Equal(expected, config.FindPool(IPAddress.Parse(address)) is not null);
    }

    [Fact]
    public void Pd_pool_contains_every_delegated_prefix_and_nothing_past_it()
    {
        var config = Kea("Dhcp6", """{ "subnet": "2001:db8::/64", "pd-pools": [ { "prefix": "2001:db8:7700::", "prefix-len": 40, "delegated-len": 56 } ] }""");
        var pool = config.Subnets[0].PrefixPools[0];

        Assert.True(pool.Contains(IPAddress.Parse("2001:db8:7700::")));
        Assert.True(pool.Contains(IPAddress.Parse("2001:db8:77ff:ff00::")));
        Assert.Equal(IPAddress.Parse("2001:db8:77ff:ff00::"), pool.Last);
        Assert.False(pool.Contains(IPAddress.Parse("2001:db8:7800::")));
        Assert.False(pool.Contains(IPAddress.Parse("2001:db8:76ff:ffff:ffff:ffff:ffff:ffff")));
        Assert.Same(pool, config.Index.FindPrefixPool(IPAddress.Parse("2001:db8:7712:3400::")));
    }

    [Fact]
    public void Index_finds_subnets_and_pools_across_many_subnets_and_prefers_the_innermost()
    {
        var subnets = string.Join(",", Enumerable.Range(0, 300).Select(i =>
            $$"""{ "id": {{i + 1}}, "subnet": "10.{{i / 256}}.{{i % 256}}.0/24", "pools": [ { "pool": "10.{{i / 256}}.{{i % 256}}.100 - 10.{{i / 256}}.{{i % 256}}.199" } ] }"""));
        var config = Kea("Dhcp4", subnets + """, { "id": 1000, "subnet": "10.0.0.0/8" }""");

        Assert.Equal(150, config.FindPool(IPAddress.Parse("10.0.149.150"))!.Subnet.Id);
        Assert.Equal(150, config.FindSubnet(IPAddress.Parse("10.0.149.1"))!.Id);
        Assert.Equal(1000, config.FindSubnet(IPAddress.Parse("10.200.0.1"))!.Id);
        Assert.Null(config.FindPool(IPAddress.Parse("10.0.149.99")));
        Assert.Null(config.FindSubnet(IPAddress.Parse("11.0.0.1")));
        Assert.Equal(300, config.Index.PoolCount);
    }

    [Fact]
    public void Overlapping_pools_are_a_warning_and_lookups_still_answer()
    {
        var config = Kea("Dhcp4", """
            { "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.10 - 10.0.0.200" }, { "pool": "10.0.0.20 - 10.0.0.30" } ] }
            """);

        Assert.Contains(config.Warnings, w => w.Message.Contains("overlaps", StringComparison.Ordinal));
        Assert.Equal("10.0.0.20-10.0.0.30", config.FindPool(IPAddress.Parse("10.0.0.25"))!.ToString());
        Assert.Equal("10.0.0.10-10.0.0.200", config.FindPool(IPAddress.Parse("10.0.0.150"))!.ToString());
    }
}
