using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Parsing;

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

    /// <summary>A source in UTC with no time window, as parsers see it.</summary>
    public static LogSource Source(DhcpLogFormat format, string path = "test.log", DateTime? reference = null, int? year = null) => new()
    {
        Path = path,
        Format = format,
        DefaultServer = "file-server",
        TimeZone = TimeZoneInfo.Utc,
        ReferenceLocalTime = reference ?? new DateTime(2026, 11, 26, 15, 0, 0),
        Year = year,
        Range = new TimeRange(null, null),
    };

    public static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pguide-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N")[..8] + "-" + name);
    }

    /// <summary>A fresh empty directory under the run's temporary directory.</summary>
    public static string TempDirectory(string name)
    {
        var dir = Temp(name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
