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

    /// <summary>
    /// The source for one input: <paramref name="options"/> may name the server and time zone; otherwise the server is
    /// <paramref name="serverFromName"/> and the zone <paramref name="localZone"/>. <paramref name="referenceUtc"/> is when
    /// the input was last written (it dates RFC 3164 stamps, which have no year).
    /// </summary>
    public static LogSource Create(string path, string serverFromName, DhcpLogFormat format, DhcpParseOptions options,
        TimeZoneInfo localZone, DateTime referenceUtc)
    {
        var zone = options.TimeZone ?? localZone;
        return new LogSource
        {
            Path = path,
            Format = format,
            DefaultServer = options.Server ?? serverFromName,
            ServerOverride = options.Server is not null,
            TimeZone = zone,
            ReferenceLocalTime = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(referenceUtc, DateTimeKind.Utc), zone),
            Year = options.Year,
            Range = new TimeRange(options.Since, options.Until),
        };
    }

    /// <summary><c>/var/log/kea/kea-dhcp4.log.1.gz</c> is from server <c>kea-dhcp4</c>.</summary>
    public static string ServerNameOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }
}
