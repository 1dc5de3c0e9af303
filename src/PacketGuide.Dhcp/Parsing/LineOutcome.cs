namespace PacketGuide.Dhcp.Parsing;

/// <summary>What one line turned out to be.</summary>
internal enum LineOutcome : byte
{
    /// <summary>The line produced an event (or two: dhcpd's failed DISCOVER is a discover and an allocation failure).</summary>
    Event,

    /// <summary>A recognized server line that is not about a DHCP message, or a duplicate line about one already counted.</summary>
    NonEvent,

    /// <summary>Not understood; the reason was reported to the sink.</summary>
    Unparsed,
}
