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
}
