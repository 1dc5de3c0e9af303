using System.Net;
using System.Text;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// An event as a parser sees it: values and spans into the line being parsed. It lives only for the call that
/// delivers it, so the summary path counts events without allocating; <see cref="ILineEventSink"/> implementations
/// that keep events turn it into a <see cref="LeaseEvent"/>.
/// </summary>
internal ref struct LineEvent
{
    public DhcpMessageKind Kind;
    public bool HasTime;
    public DateTimeOffset Time;
    public bool HasMac;
    public MacAddress Mac;

    /// <summary>Hash of the client identity (MAC, else DUID/client id) for counting distinct clients; 0 when unknown.</summary>
    public ulong ClientKey;

    public ReadOnlySpan<byte> Ip;
    public ReadOnlySpan<byte> ClientId;
    public ReadOnlySpan<byte> Hostname;
    public string Server;
    public string? Subnet;
    public string? Via;
    public long LeaseSeconds;
    public long Line;

    /// <summary>The event as <c>--events</c>, <c>--csv</c> and <c>tail</c> hand it on (the only allocating step).</summary>
    public readonly LeaseEvent ToLeaseEvent(SourceLocation source, string? id = null) => new()
    {
        Id = id,
        Time = HasTime ? Time : null,
        Server = Server,
        Kind = Kind,
        Ip = !Ip.IsEmpty && IPAddress.TryParse(Ip, out var ip) ? ip : null,
        Mac = HasMac ? Mac : null,
        ClientId = ClientId.IsEmpty ? null : Encoding.UTF8.GetString(ClientId),
        Hostname = Hostname.IsEmpty ? null : Encoding.UTF8.GetString(Hostname),
        Subnet = Subnet,
        Via = Via,
        LeaseSeconds = LeaseSeconds >= 0 ? LeaseSeconds : null,
        Source = source,
    };
}
