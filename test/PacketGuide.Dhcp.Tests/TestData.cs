using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.Dhcp.Tests;

/// <summary>Paths of the committed real samples (copied next to the test assembly) and a one-call analyzer.</summary>
internal static class TestData
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "data", relative);

    public static Task<DhcpLogSummary> SummarizeAsync(string path, DhcpParseOptions? options = null) =>
        SummarizeAsync([path], options);

    public static Task<DhcpLogSummary> SummarizeAsync(IEnumerable<string> paths, DhcpParseOptions? options = null) =>
        new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(InputResolver.Resolve(paths),
            options ?? new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc }, TestContext.Current.CancellationToken);

    public static async Task<List<LeaseEvent>> EventsAsync(IEnumerable<string> paths, DhcpParseOptions? options = null)
    {
        var run = new DhcpLogAnalyzer(TimeProvider.System).ReadEvents(InputResolver.Resolve(paths),
            options ?? new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc });
        var list = new List<LeaseEvent>();
        await foreach (var e in run.Events.WithCancellation(TestContext.Current.CancellationToken))
        {
            list.Add(e);
        }

        return list;
    }

    public static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pguide-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N")[..8] + "-" + name);
    }
}
