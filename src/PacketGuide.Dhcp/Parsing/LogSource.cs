namespace PacketGuide.Dhcp.Parsing;

/// <summary>What a line parser needs to know about the file it reads.</summary>
internal sealed record LogSource
{
    /// <summary>Path as shown to the user (<c>-</c> for standard input).</summary>
    public required string Path { get; init; }

    public required DhcpLogFormat Format { get; init; }

    /// <summary>Server name when the line names none.</summary>
    public required string DefaultServer { get; init; }

    /// <summary>True when <see cref="DefaultServer"/> was given by the user and overrides syslog host names.</summary>
    public bool ServerOverride { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Local time the file was last written, used to infer the year of RFC 3164 stamps.</summary>
    public required DateTime ReferenceLocalTime { get; init; }

    public int? Year { get; init; }

    public required TimeRange Range { get; init; }
}
