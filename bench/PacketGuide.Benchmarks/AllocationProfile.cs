using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.Benchmarks;

/// <summary>
/// <c>--alloc-profile FILE [--chunk-mb N] [--jobs N]</c>: summarizes one file as <c>pguide dhcp parse --json</c> does and
/// prints wall time, bytes allocated per line, GC counts, peak working set and the allocating types (from the runtime's
/// allocation-tick events, one sample per ~100 KB). For files too large for BenchmarkDotNet, such as the one
/// bench/parse-throughput.sh generates. Run with DOTNET_TieredCompilation=0 to take the JIT out of the time.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? path = null;
        int? jobs = null;
        var options = new DhcpParseOptions();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--chunk-mb" when i + 1 < args.Length:
                    options = options with { ChunkSize = int.Parse(args[++i], CultureInfo.InvariantCulture) << 20 };
                    break;
                case "--jobs" when i + 1 < args.Length:
                    jobs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    options = options with { Parallelism = jobs };
                    break;
                default:
                    path = args[i];
                    break;
            }
        }

        if (path is null)
        {
            await Console.Error.WriteLineAsync("usage: --alloc-profile FILE [--chunk-mb N] [--jobs N]");
            return 2;
        }

        using var listener = new AllocationTickListener();
        var stopwatch = Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var summary = await new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(InputResolver.Resolve([path]), options);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"{path}: chunk {options.ChunkSize >> 10} KiB, jobs {jobs?.ToString(inv) ?? "default"}: {stopwatch.Elapsed.TotalSeconds:F2} s, " +
            $"lines {summary.Lines}, events {summary.Events}"));
        Console.WriteLine(string.Create(inv,
            $"allocated {allocated / 1048576.0:F1} MB = {(double)allocated / Math.Max(1, summary.Lines):F1} B/line; " +
            $"GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; " +
            $"peak working set {process.PeakWorkingSet64 >> 20} MB; GC heap now {GC.GetGCMemoryInfo().HeapSizeBytes >> 20} MB"));
        Console.WriteLine("allocating types (allocation-tick samples):");
        foreach (var (type, bytes) in listener.ByType.OrderByDescending(t => t.Value).Take(10))
        {
            Console.WriteLine(string.Create(inv, $"  {bytes / 1048576.0,8:F1} MB  {type}"));
        }

        return 0;
    }

    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public ConcurrentDictionary<string, long> ByType { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true
                || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
            {
                return;
            }

            var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
            var bytes = names.IndexOf("AllocationAmount64") is var a and >= 0
                ? Convert.ToInt64(payload[a], CultureInfo.InvariantCulture)
                : 100 * 1024;
            ByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
        }
    }
}
