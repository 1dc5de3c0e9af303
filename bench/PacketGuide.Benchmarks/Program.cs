using BenchmarkDotNet.Running;

namespace PacketGuide.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher: <c>--filter '*'</c> runs everything, <c>--list flat</c> names the benchmarks,
    /// <c>--job short</c> keeps a full run to a few minutes.
    /// </summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
