namespace PacketGuide.Dhcp.Parsing;

/// <summary>Receives what a line parser finds. One sink per parser; never shared between threads.</summary>
internal interface ILineEventSink
{
    void OnEvent(scoped in LineEvent e);

    void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text);
}
