using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Benchmarks;

/// <summary>
/// Address → pool and address → subnet lookups over a Kea configuration with 1,000 IPv4 subnets (two pools each) and
/// 1,000 IPv6 subnets: what a lease tracker pays per lease. Each invocation looks up <see cref="Lookups"/> addresses
/// (hits in every subnet, and misses between pools), so Mean reads as ns/lookup and Allocated as bytes/lookup.
/// </summary>
[MemoryDiagnoser]
public class PoolLookupBenchmarks
{
    private const int Lookups = 1024;
    private const int Subnets = 1000;

    private DhcpServerConfig _config = null!;
    private DhcpServerConfig _v6Config = null!;
    private IPAddress[] _v4 = null!;
    private IPAddress[] _v6 = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var v4 = new StringBuilder();
        var v6 = new StringBuilder();
        for (var i = 0; i < Subnets; i++)
        {
            var (a, b) = (i / 256, i % 256);
            v4.Append(CultureInfo.InvariantCulture, $$"""
                { "id": {{i + 1}}, "subnet": "10.{{a}}.{{b}}.0/24",
                  "pools": [ { "pool": "10.{{a}}.{{b}}.10 - 10.{{a}}.{{b}}.99" }, { "pool": "10.{{a}}.{{b}}.128/26" } ] },
                """);
            v6.Append(CultureInfo.InvariantCulture, $$"""
                { "id": {{i + 1}}, "subnet": "2001:db8:{{i:x}}::/64",
                  "pools": [ { "pool": "2001:db8:{{i:x}}::1000 - 2001:db8:{{i:x}}::1fff" } ] },
                """);
        }

        _directory = Path.Combine(Path.GetTempPath(), "pguide-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_directory);
        var path4 = Path.Combine(_directory, "kea-dhcp4.conf");
        var path6 = Path.Combine(_directory, "kea-dhcp6.conf");
        File.WriteAllText(path4, $$"""{ "Dhcp4": { "subnet4": [ {{v4}} ] } }""");
        File.WriteAllText(path6, $$"""{ "Dhcp6": { "subnet6": [ {{v6}} ] } }""");
        _config = DhcpConfigLoader.Load(path4);
        _v6Config = DhcpConfigLoader.Load(path6);

        var random = new Random(42);
        _v4 = Enumerable.Range(0, Lookups).Select(_ =>
        {
            var i = random.Next(Subnets);
            return IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.{i / 256}.{i % 256}.{random.Next(256)}"));
        }).ToArray();
        _v6 = Enumerable.Range(0, Lookups).Select(_ =>
            IPAddress.Parse(string.Create(CultureInfo.InvariantCulture,
                $"2001:db8:{random.Next(Subnets):x}::{random.Next(0x800, 0x2000):x}"))).ToArray();
        _ = _config.Index;
        _ = _v6Config.Index;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindPoolV4()
    {
        var hits = 0;
        foreach (var address in _v4)
        {
            hits += _config.FindPool(address) is null ? 0 : 1;
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindSubnetV4()
    {
        var hits = 0;
        foreach (var address in _v4)
        {
            hits += _config.FindSubnet(address) is null ? 0 : 1;
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindPoolV6()
    {
        var hits = 0;
        foreach (var address in _v6)
        {
            hits += _v6Config.FindPool(address) is null ? 0 : 1;
        }

        return hits;
    }
}
