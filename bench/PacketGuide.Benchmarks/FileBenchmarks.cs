using BenchmarkDotNet.Attributes;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.Benchmarks;

/// <summary>
/// Whole sample files through the public API, as <c>pguide dhcp parse --json</c> (summary) and <c>--events</c> run them:
/// format detection, chunked reading, per-chunk parser and summary, merge. The samples are small (one chunk each), so
/// this shows the fixed per-file cost next to the per-line cost.
/// </summary>
[MemoryDiagnoser]
public class FileBenchmarks
{
    private readonly DhcpParseOptions _options = new();
    private IReadOnlyList<DhcpInput> _debug45 = null!;
    private IReadOnlyList<DhcpInput> _perfdhcpGz = null!;

    [GlobalSetup]
    public void Setup()
    {
        _debug45 = InputResolver.Resolve([Samples.PathOf("test/data/kea4/debug45/kea-dhcp4.log")]);
        _perfdhcpGz = InputResolver.Resolve([Samples.PathOf("test/data/kea4/perfdhcp/kea-dhcp4.log.gz")]);
        foreach (var inputs in new[] { _debug45, _perfdhcpGz })
        {
            var summary = new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(inputs, _options).GetAwaiter().GetResult();
            Console.WriteLine($"// {inputs[0].Path}: lines={summary.Lines} events={summary.Events} unparsed={summary.UnparsedTotal}");
        }
    }

    /// <summary>test/data/kea4/debug45/kea-dhcp4.log: 1281 lines, 244 KB.</summary>
    [Benchmark]
    public async Task<long> SummarizeDebug45()
    {
        var summary = await new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(_debug45, _options);
        return summary.Events;
    }

    [Benchmark]
    public async Task<long> EventsDebug45()
    {
        var run = new DhcpLogAnalyzer(TimeProvider.System).ReadEvents(_debug45, _options);
        var count = 0L;
        await foreach (var e in run.Events)
        {
            count++;
        }

        return count;
    }

    /// <summary>test/data/kea4/perfdhcp/kea-dhcp4.log.gz: 500 DORA, 1121 lines; the stream (gzip) path.</summary>
    [Benchmark]
    public async Task<long> SummarizePerfdhcpGz()
    {
        var summary = await new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(_perfdhcpGz, _options);
        return summary.Events;
    }
}
