using System.Net;
using System.Text;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Analysis;

/// <summary>Turns line events into <see cref="LeaseEvent"/>s (chunk-relative line numbers) and feeds the summary too.</summary>
internal sealed class EventCollector(string path, TimeRange range, SummaryBuilder summary) : ILineEventSink
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

        Events.Add(new LeaseEvent
        {
            Time = e.HasTime ? e.Time : null,
            Server = e.Server,
            Kind = e.Kind,
            Ip = !e.Ip.IsEmpty && IPAddress.TryParse(e.Ip, out var ip) ? ip : null,
            Mac = e.HasMac ? e.Mac : null,
            ClientId = e.ClientId.IsEmpty ? null : Encoding.UTF8.GetString(e.ClientId),
            Hostname = e.Hostname.IsEmpty ? null : Encoding.UTF8.GetString(e.Hostname),
            Subnet = e.Subnet,
            Via = e.Via,
            LeaseSeconds = e.LeaseSeconds >= 0 ? e.LeaseSeconds : null,
            Source = new SourceLocation(path, e.Line),
        });
    }

    public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text) => summary.OnUnparsed(reason, line, text);
}
