using BenchmarkDotNet.Running;

namespace PacketGuide.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher: <c>--filter '*'</c> runs everything, <c>--list flat</c> names the benchmarks,
    /// <c>--job short</c> keeps a full run to a few minutes. <c>--alloc-profile FILE</c> runs <see cref="AllocationProfile"/> instead,
    /// <c>tracker-memory</c> runs <see cref="TrackerMemory"/>,
    /// <c>query-engine</c> runs <see cref="QueryEngineRun"/>.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--alloc-profile", ..])
        {
            return await AllocationProfile.RunAsync(args);
        }

        if (args is ["query-engine", ..])
        {
            return await QueryEngineRun.RunAsync(args);
        }

        if (args is ["tracker-memory", ..])
        {
            return TrackerMemory.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
