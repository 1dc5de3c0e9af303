namespace PacketGuide.Dhcp.Parsing;

/// <summary>Why a line did not yield an event or a recognized non-event message. Names are stable (JSON keys).</summary>
public enum UnparsedReason : byte
{
    /// <summary>No server layout or syslog header was recognized.</summary>
    NotALogLine,

    /// <summary>A timestamp was present but is not a real date/time.</summary>
    BadTimestamp,

    /// <summary>A syslog line from a program other than Kea or dhcpd.</summary>
    OtherProgram,

    /// <summary>A DHCP message line whose fields could not be read (bad MAC, IP, number or shape).</summary>
    MalformedMessage,

    /// <summary>A dhcpd line that starts like a DHCP message but names none we know.</summary>
    UnknownMessage,

    /// <summary>A continuation line of a Kea multi-line packet dump (debuglevel 55 and above).</summary>
    PacketDump,

    /// <summary>Longer than the line limit; skipped without being buffered.</summary>
    LineTooLong,

    /// <summary>Control bytes or invalid UTF-8: not text.</summary>
    Binary,

    /// <summary>A lease-file record or JSON element that could not be read.</summary>
    MalformedRecord,
}
