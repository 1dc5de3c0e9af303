using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp;

/// <summary>An event stream and, once it has been read to the end, the summary of what was read.</summary>
public sealed class DhcpParseRun
{
    public IAsyncEnumerable<LeaseEvent> Events { get; internal set; } = AsyncEnumerable.Empty<LeaseEvent>();

    /// <summary>Null until <see cref="Events"/> has been enumerated to the end.</summary>
    public DhcpLogSummary? Summary { get; internal set; }
}
