using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>The library's public entry point, as <c>pguide dhcp parse</c> uses it, over one file.</summary>
public static class DhcpLogs
{
    public static Task<DhcpLogSummary> SummarizeAsync(string path, CancellationToken cancellationToken) =>
        new DhcpLogAnalyzer(TimeProvider.System).SummarizeAsync(InputResolver.Resolve(new[] { path }), new DhcpParseOptions(), cancellationToken);
}
