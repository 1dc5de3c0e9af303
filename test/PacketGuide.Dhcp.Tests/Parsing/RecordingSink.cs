using System.Text;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Tests.Parsing;

/// <summary>Keeps what a line parser reports, for assertions.</summary>
internal sealed class RecordingSink : ILineEventSink
{
    public List<(DhcpMessageKind Kind, string? Ip, string? Mac, string? Via, string? Subnet, string? Hostname, DateTimeOffset? Time,
        long Lease, string Server)> Events { get; } = [];

    public List<UnparsedReason> Unparsed { get; } = [];

    public void OnEvent(scoped in LineEvent e) => Events.Add((e.Kind, e.Ip.IsEmpty ? null : Encoding.UTF8.GetString(e.Ip),
        e.HasMac ? e.Mac.ToString() : null, e.Via, e.Subnet, e.Hostname.IsEmpty ? null : Encoding.UTF8.GetString(e.Hostname),
        e.HasTime ? e.Time : null, e.LeaseSeconds, e.Server));

    public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text) => Unparsed.Add(reason);

    public static (RecordingSink Sink, DhcpLogLineParser Parser) Create(DhcpLogFormat format = DhcpLogFormat.Dhcpd, int? year = null,
        DateTime? reference = null)
    {
        var sink = new RecordingSink();
        var parser = new DhcpLogLineParser(TestData.Source(format, reference: reference, year: year), sink);
        return (sink, parser);
    }

    public static RecordingSink Parse(DhcpLogFormat format, params string[] lines)
    {
        var (sink, parser) = Create(format);
        var n = 0;
        foreach (var line in lines)
        {
            parser.Parse(Encoding.UTF8.GetBytes(line), ++n);
        }

        return sink;
    }
}
