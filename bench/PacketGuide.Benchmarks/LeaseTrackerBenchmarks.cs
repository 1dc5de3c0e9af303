using System.Net;
using BenchmarkDotNet.Attributes;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Benchmarks;

/// <summary>
/// <see cref="LeaseTracker"/> holding 1,000,000 active leases in 64 subnets (<see cref="LeaseTrackerFixture"/>): the
/// utilization query (issue 3's target: under 5 ms), one address's lease, a renewal ACK and a one-subnet listing.
/// <see cref="Find"/> and <see cref="ApplyRenewal"/> go through <see cref="Batch"/> random leased addresses per
/// invocation (a quarter of the table, so each call pays the cache misses of a 300 MB table, as live traffic does), and
/// <see cref="ApplyRenewalInCache"/> through the first <see cref="HotBatch"/> of them again and again (the same tables,
/// in cache). Their Mean reads as ns per call and Allocated as bytes per call.
/// </summary>
[MemoryDiagnoser]
public class LeaseTrackerBenchmarks
{
    private const int Batch = 262_144;
    private const int HotBatch = 1024;

    private LeaseTrackerFixture _fixture = null!;
    private LeaseTracker _tracker = null!;
    private IPAddress[] _lookups = null!;
    private LeaseEvent[] _renewals = null!;
    private LeaseEvent[] _hotRenewals = null!;
    private LeaseFilter _subnetFilter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = LeaseTrackerFixture.Build();
        _tracker = _fixture.Tracker;
        var random = new Random(7);
        var leases = Enumerable.Range(0, Batch).Select(_ => random.Next(_fixture.Addresses.Length)).ToArray();
        _lookups = [.. leases.Select(i => LeaseTrackerFixture.AddressOf(_fixture.Addresses[i]))];

        // The same client renewing its address at the clock's time: applying it again and again stays a renewal.
        _renewals = [.. leases.Select(i => LeaseTrackerFixture.Ack(i, _fixture.Addresses[i], LeaseTrackerFixture.Now))];
        _hotRenewals = _renewals[..HotBatch];
        _subnetFilter = new LeaseFilter { Subnet = "10.17.0.0/16" };
        if (_tracker.GetLeases(_subnetFilter).Count == 0 || _lookups.Any(a => _tracker.Find(a) is null)
            || _renewals.Any(e => _tracker.Apply(e) != LeaseChange.Renewed))
        {
            throw new InvalidOperationException("the benchmark's inputs do not hit the tracker's leases");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>The query: per-subnet and per-pool counts as of now (64 subnets, 128 pools).</summary>
    [Benchmark]
    public UtilizationReport GetUtilization() => _tracker.GetUtilization();

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Find()
    {
        var found = 0;
        foreach (var address in _lookups)
        {
            found += _tracker.Find(address) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>Steady-state cost of one event: a renewal ACK of a held lease (the most frequent event).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ApplyRenewal()
    {
        var renewed = 0;
        foreach (var e in _renewals)
        {
            renewed += _tracker.Apply(e) == LeaseChange.Renewed ? 1 : 0;
        }

        return renewed;
    }

    /// <summary>The same, over <see cref="HotBatch"/> leases whose table entries stay in the CPU's caches.</summary>
    [Benchmark(OperationsPerInvoke = HotBatch)]
    public int ApplyRenewalInCache()
    {
        var renewed = 0;
        foreach (var e in _hotRenewals)
        {
            renewed += _tracker.Apply(e) == LeaseChange.Renewed ? 1 : 0;
        }

        return renewed;
    }

    /// <summary>For information: the leases of one subnet (about 15,600 of the million), sorted by address.</summary>
    [Benchmark]
    public int GetLeasesOfOneSubnet() => _tracker.GetLeases(_subnetFilter).Count;
}
