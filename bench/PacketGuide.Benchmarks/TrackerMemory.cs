using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Benchmarks;

/// <summary>
/// <c>tracker-memory [--queries N]</c>: the whole-process side of issue 3's target ("1,000,000 active leases: memory under
/// 300 MB, utilization query under 5 ms"). Builds <see cref="LeaseTrackerFixture"/>'s tracker, forces a full collection
/// and prints the managed heap it holds (GC.GetTotalMemory(true) after, minus before), the process's peak RSS (VmHWM),
/// the build time and the median of N utilization queries (Stopwatch; printed, not asserted). Then renews every lease
/// once, as a day of traffic would, and measures again, since renewals leave entries in the expiry queue, and the RSS
/// after an aggressive collection (the floor once the GC has returned the arrays that growth left behind). Finally an
/// approximate breakdown: the arrays behind each of the tracker's fields (found by reflection, so it follows the code)
/// and the strings the leases keep. The last line, <c>RESULT key=value ...</c>, is what bench/lease-tracker.sh reads.
/// </summary>
internal static class TrackerMemory
{
    private const double MiB = 1024 * 1024;
    private const double TargetMegabytes = 300;
    private const double TargetMilliseconds = 5;

    public static int Run(string[] args)
    {
        var queries = 200;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--queries" && i + 1 < args.Length)
            {
                queries = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                Console.Error.WriteLine("usage: tracker-memory [--queries N]");
                return 2;
            }
        }

        var inv = CultureInfo.InvariantCulture;

        // Everything that is not the tracker (configuration, the list of addresses to lease, JIT warm-up on a small
        // tracker) is made before the baseline.
        var (directory, config) = LeaseTrackerFixture.LoadConfig();
        try
        {
            var addresses = LeaseTrackerFixture.ChooseAddresses();
            WarmUp(config, addresses);
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var rssBefore = ProcStatus("VmRSS");

            var stopwatch = Stopwatch.StartNew();
            var tracker = new LeaseTracker(new LeaseTrackerOptions(), new FixedTimeProvider(LeaseTrackerFixture.Now), config);
            for (var i = 0; i < addresses.Length; i++)
            {
                tracker.Apply(LeaseTrackerFixture.Ack(i, addresses[i], LeaseTrackerFixture.Now.AddSeconds(-3600 + (3600.0 * i / addresses.Length))));
            }

            var build = stopwatch.Elapsed;
            var managed = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            var rss = ProcStatus("VmRSS");
            var peakRss = ProcStatus("VmHWM");
            var (median, min, max, first) = TimeQueries(tracker, queries);
            var report = tracker.GetUtilization();

            Console.WriteLine(string.Create(inv,
                $"lease tracker, {tracker.ActiveLeases:N0} active leases in {report.Subnets.Count} subnets / " +
                $"{report.Subnets.Sum(s => s.Pools.Count)} pools, {report.Subnets.Sum(s => s.Assigned) / (double)report.Subnets.Sum(s => (double)s.Total):P1} of pool addresses"));
            Console.WriteLine(string.Create(inv, $"  build (1,000,000 ACKs applied):   {build.TotalSeconds,8:F2} s = {build.TotalNanoseconds / addresses.Length,6:F0} ns/event (event creation included)"));
            Console.WriteLine(string.Create(inv, $"  managed heap held after full GC:  {managed / MiB,8:F1} MB  ({managed / (double)addresses.Length:F0} B/lease)"));
            Console.WriteLine(string.Create(inv, $"  process RSS before build / now:   {rssBefore / MiB,8:F1} / {rss / MiB:F1} MB"));
            Console.WriteLine(string.Create(inv, $"  process peak RSS (VmHWM):         {peakRss / MiB,8:F1} MB"));
            Console.WriteLine(GcLine());
            Console.WriteLine(string.Create(inv, $"  GetUtilization, {queries} calls:      median {median * 1000,6:F1} µs, min {min * 1000:F1} µs, max {max * 1000:F1} µs, first {first * 1000:F1} µs"));

            // A renewal of every lease (clients renew at half the lifetime, so a day holds two rounds).
            stopwatch.Restart();
            for (var i = 0; i < addresses.Length; i++)
            {
                tracker.Apply(LeaseTrackerFixture.Ack(i, addresses[i], LeaseTrackerFixture.Now));
            }

            var renew = stopwatch.Elapsed;
            var managedRenewed = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            var peakRenewed = ProcStatus("VmHWM");
            var (medianRenewed, _, _, _) = TimeQueries(tracker, queries);
            Console.WriteLine(string.Create(inv, $"after renewing every lease once ({renew.TotalNanoseconds / addresses.Length:F0} ns/event, event creation included):"));
            Console.WriteLine(string.Create(inv, $"  managed heap held after full GC:  {managedRenewed / MiB,8:F1} MB  ({managedRenewed / (double)addresses.Length:F0} B/lease)"));
            Console.WriteLine(string.Create(inv, $"  process peak RSS (VmHWM):         {peakRenewed / MiB,8:F1} MB"));
            Console.WriteLine(GcLine());
            Console.WriteLine(string.Create(inv, $"  GetUtilization median:            {medianRenewed * 1000,8:F1} µs"));

            // The floor: what the process keeps once the GC has compacted everything and returned its free regions.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var rssAtRest = ProcStatus("VmRSS");
            Console.WriteLine(string.Create(inv, $"  process RSS after an aggressive GC (compacted, free memory returned): {rssAtRest / MiB:F1} MB"));

            Console.WriteLine("where the managed heap goes (approximate: arrays behind the tracker's fields, and the leases' strings):");
            foreach (var (name, bytes, what) in Breakdown(tracker, addresses.Length))
            {
                Console.WriteLine(string.Create(inv, $"  {bytes / MiB,8:F1} MB  {name,-20} {what}"));
            }

            Console.WriteLine(string.Create(inv,
                $"targets: managed {managed / MiB:F1} MB / {TargetMegabytes} MB = {managed / MiB / TargetMegabytes:F2}, " +
                $"peak RSS {peakRenewed / MiB:F1} MB / {TargetMegabytes} MB = {peakRenewed / MiB / TargetMegabytes:F2}, " +
                $"query {median:F3} ms / {TargetMilliseconds} ms = {median / TargetMilliseconds:F4}"));
            Console.WriteLine(string.Create(inv,
                $"RESULT leases={tracker.ActiveLeases} build_s={build.TotalSeconds:F3} managed_mb={managed / MiB:F1} " +
                $"managed_renewed_mb={managedRenewed / MiB:F1} rss_mb={rss / MiB:F1} peak_rss_mb={peakRss / MiB:F1} " +
                $"peak_rss_renewed_mb={peakRenewed / MiB:F1} rss_at_rest_mb={rssAtRest / MiB:F1} query_median_ms={median:F4} query_renewed_median_ms={medianRenewed:F4}"));
            GC.KeepAlive(tracker);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs every path once on a small tracker, so that JIT work is not in the build time or the first query.</summary>
    private static void WarmUp(Dhcp.Config.DhcpServerConfig config, uint[] addresses)
    {
        var tracker = new LeaseTracker(new LeaseTrackerOptions(), new FixedTimeProvider(LeaseTrackerFixture.Now), config);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 20_000; i++)
            {
                tracker.Apply(LeaseTrackerFixture.Ack(i, addresses[i], LeaseTrackerFixture.Now.AddSeconds(-3600 + round)));
            }

            for (var i = 0; i < 100; i++)
            {
                _ = tracker.GetUtilization();
            }
        }
    }

    /// <summary>What the GC holds from the OS after the last (full) collection: committed memory against the live heap.</summary>
    private static string GcLine()
    {
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return string.Create(CultureInfo.InvariantCulture,
            $"  GC after the full collection:     {info.TotalCommittedBytes / MiB,8:F1} MB committed, {info.HeapSizeBytes / MiB:F1} MB heap, " +
            $"{info.FragmentedBytes / MiB:F1} MB fragmented");
    }

    /// <summary>Median, min, max and first of <paramref name="count"/> utilization queries, in milliseconds.</summary>
    private static (double Median, double Min, double Max, double First) TimeQueries(LeaseTracker tracker, int count)
    {
        var times = new double[Math.Max(1, count)];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = tracker.GetUtilization();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var first = times[0];
        Array.Sort(times);
        return (times[times.Length / 2], times[0], times[^1], first);
    }

    /// <summary>A field of /proc/self/status, in bytes (the kernel gives kB).</summary>
    private static long ProcStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>
    /// For each instance field of the tracker: the bytes of the arrays it holds directly or one level down (a
    /// Dictionary's buckets and entries, a PriorityQueue's nodes, a Stack's or List's items, the slot store's chunks), with
    /// their lengths. Then the strings the fixture gave the leases: a client id "01:" + MAC for every lease (kept as a flag,
    /// not a string), a host name (11 characters) for every third.
    /// </summary>
    private static List<(string Name, long Bytes, string What)> Breakdown(LeaseTracker tracker, int leases)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var rows = new List<(string Name, long Bytes, string What)>();
        foreach (var field in typeof(LeaseTracker).GetFields(Instance))
        {
            var value = field.GetValue(tracker);
            var arrays = value is Array own ? [own]
                : value is null || value is string || field.FieldType.IsValueType ? []
                : value.GetType().GetFields(Instance).Select(f => f.GetValue(value))
                    .SelectMany(v => v is Array a ? [a] : v is IEnumerable<Array> chunks ? chunks : []).ToList();
            if (arrays.Count == 0)
            {
                continue;
            }

            var bytes = arrays.Sum(ArrayBytes);
            if (bytes >= 64 * 1024)
            {
                var count = value is ICollection collection ? $"{collection.Count:N0} items; " : "";
                var lengths = string.Join(" + ", arrays.GroupBy(a => $"{a.GetType().GetElementType()!.Name}[{a.Length:N0}]")
                    .Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} × {g.Key}"));
                rows.Add((field.Name, bytes, string.Create(CultureInfo.InvariantCulture, $"{count}{lengths}")));
            }
        }

        rows.Add(("client ids", 0, string.Create(CultureInfo.InvariantCulture, $"{leases:N0} × \"01:\" + MAC: a flag in the slot, no string")));
        var hosts = (leases + 2) / 3;
        rows.Add(("host names", hosts * StringBytes(11), string.Create(CultureInfo.InvariantCulture, $"{hosts:N0} × {StringBytes(11)} B")));
        return rows;
    }

    /// <summary>An array's size on the 64-bit runtime: 24-byte header plus its elements (8 bytes a reference).</summary>
    private static long ArrayBytes(Array array)
    {
        var element = array.GetType().GetElementType()!;
        var size = element.IsValueType
            ? (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(element).Invoke(null, null)!
            : IntPtr.Size;
        return 24 + ((long)array.Length * size);
    }

    /// <summary>A string of <paramref name="length"/> characters: 22 bytes of header, length and terminator, plus 2 a character, in 8-byte steps.</summary>
    private static long StringBytes(int length) => (22 + (2L * length) + 7) / 8 * 8;
}
