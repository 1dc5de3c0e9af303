namespace PacketGuide.Dhcp.Parsing;

/// <summary>Receives what a line parser finds. One sink per parser; never shared between threads.</summary>
internal interface ILineEventSink
{
    void OnEvent(scoped in LineEvent e);

    /// <summary>
    /// A further lease named by a message already counted: a DHCPv6 REPLY that carries an address and a prefix (or several
    /// addresses) writes one line per lease, and RELEASE likewise. Not an event of its own (counts stay one per message);
    /// sinks that track lease state take it, the rest ignore it.
    /// </summary>
    void OnAdditionalLease(scoped in LineEvent e)
    {
    }

    void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text);
}
