using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Analysis;

/// <summary>Turns line events into <see cref="LeaseEvent"/>s (chunk-relative line numbers) and feeds the summary too.</summary>
internal sealed class EventCollector(string path, TimeRange range, SummaryBuilder summary, bool additionalLeases) : ILineEventSink
{
    public List<LeaseEvent> Events { get; } = [];

    public SummaryBuilder Summary => summary;

    public void OnEvent(scoped in LineEvent e)
    {
        summary.OnEvent(e);
        if (!range.Contains(e.HasTime, e.Time))
        {
            return;
        }

        Events.Add(e.ToLeaseEvent(new SourceLocation(path, e.Line)));
    }

    public void OnAdditionalLease(scoped in LineEvent e)
    {
        if (additionalLeases && range.Contains(e.HasTime, e.Time))
        {
            Events.Add(e.ToLeaseEvent(new SourceLocation(path, e.Line)));
        }
    }

    public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text) => summary.OnUnparsed(reason, line, text);
}
