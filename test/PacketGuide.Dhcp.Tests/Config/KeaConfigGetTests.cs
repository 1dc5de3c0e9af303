using System.Text.Json;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

/// <summary>
/// The file reader and the control-API reader must agree. The config-get answers were captured from real Kea 2.2 servers
/// loaded with the fixtures (scripts/samples/capture-config-get.sh): Kea rewrites every pool as "A-B" or "P/len" without
/// spaces, adds defaults and drops comments and includes, so this also checks the reader against Kea's own output.
/// </summary>
public sealed class KeaConfigGetTests
{
    [Theory]
    [InlineData("kea-dhcp4")]
    [InlineData("kea-dhcp6")]
    public void Config_get_answer_and_file_give_the_same_model(string name)
    {
        var fromFile = DhcpConfigLoader.Load(ConfigFiles.Fixture(name + ".conf"));
        using var answer = JsonDocument.Parse(File.ReadAllBytes(ConfigFiles.Fixture(name + ".config-get.json")));

        var fromArguments = DhcpConfigLoader.FromKeaConfigGet(answer.RootElement.GetProperty("arguments"));
        var fromAnswer = DhcpConfigLoader.FromKeaConfigGet(answer.RootElement);

        Assert.NotEmpty(fromFile.Subnets);
        Assert.Equal(Shape(fromFile), Shape(fromArguments));
        Assert.Equal(Shape(fromFile), Shape(fromAnswer));
        Assert.Empty(fromArguments.Warnings);
        Assert.Equal("config-get", fromArguments.Source);
        Assert.StartsWith("config-get (Dhcp", fromArguments.Subnets[0].Pools.Concat(fromArguments.Subnets[1].Pools).First().Location.ToString(),
            StringComparison.Ordinal);
    }

    /// <summary>
    /// Pool sizes as Kea itself computes them: subnet[N].total-addresses (v4), total-nas and total-pds (v6) from
    /// statistic-get-all on the same servers. Kea 2.2 keeps statistics as int64 and shows -1 for a /64 pool (2^64).
    /// </summary>
    [Theory]
    [InlineData("kea-dhcp4")]
    [InlineData("kea-dhcp6")]
    public void Sizes_match_the_totals_kea_reports(string name)
    {
        var config = DhcpConfigLoader.Load(ConfigFiles.Fixture(name + ".conf"));
        using var stats = JsonDocument.Parse(File.ReadAllBytes(ConfigFiles.Fixture(name + ".statistics.json")));
        var v4 = name == "kea-dhcp4";

        foreach (var subnet in config.Subnets)
        {
            var addresses = stats.RootElement.GetProperty($"subnet[{subnet.Id}].{(v4 ? "total-addresses" : "total-nas")}").GetInt64();
            if (addresses == -1)
            {
                Assert.True(subnet.TotalAddresses > long.MaxValue, $"{subnet}: Kea says -1 (overflow), we say {subnet.TotalAddresses}");
            }
            else
            {
                Assert.Equal((UInt128)addresses, subnet.TotalAddresses);
            }

            if (!v4)
            {
                Assert.Equal((UInt128)stats.RootElement.GetProperty($"subnet[{subnet.Id}].total-pds").GetInt64(), subnet.TotalPrefixes);
            }
        }

        Assert.Equal(config.Subnets.Count * (v4 ? 1 : 2), stats.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Control_agent_array_and_failed_answers_are_understood()
    {
        using var ok = JsonDocument.Parse("""[ { "result": 0, "arguments": { "Dhcp4": { "subnet4": [ { "id": 5, "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.0/25" } ] } ] }, "hash": "AB" } } ]""");
        Assert.Equal((UInt128)128, DhcpConfigLoader.FromKeaConfigGet(ok.RootElement).TotalAddresses);

        using var failed = JsonDocument.Parse("""{ "result": 2, "text": "'config-get' command not supported." }""");
        var error = Assert.Throws<DhcpConfigException>(() => DhcpConfigLoader.FromKeaConfigGet(failed.RootElement));
        Assert.Contains("no Dhcp4 or Dhcp6", error.Message, StringComparison.Ordinal);

        using var failedWithArguments = JsonDocument.Parse("""{ "result": 1, "text": "boom", "arguments": { } }""");
        Assert.Contains("result 1: boom", Assert.Throws<DhcpConfigException>(() => DhcpConfigLoader.FromKeaConfigGet(failedWithArguments.RootElement)).Message,
            StringComparison.Ordinal);
    }

    private static List<string> Shape(DhcpServerConfig config) =>
        config.Subnets.OrderBy(s => s.Id).Select(s =>
            $"{s.Id} {s.Prefix} {s.SharedNetwork} [{string.Join(", ", s.Pools.Select(p => $"{p} {p.Size}"))}] " +
            $"[{string.Join(", ", s.PrefixPools.Select(p => $"{p} {p.PrefixCount}"))}] {s.TotalAddresses} {s.TotalPrefixes}").ToList();
}
