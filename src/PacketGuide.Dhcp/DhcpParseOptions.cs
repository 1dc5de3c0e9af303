namespace PacketGuide.Dhcp;

/// <summary>How <see cref="DhcpLogAnalyzer"/> reads its inputs.</summary>
public sealed record DhcpParseOptions
{
    /// <summary>Force a format for every input instead of detecting it per file.</summary>
    public DhcpLogFormat Format { get; init; } = DhcpLogFormat.Auto;

    /// <summary>Only events at or after this time (events without a time are kept).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Server name for sources that do not carry one (default: the file's name).</summary>
    public string? Server { get; init; }

    /// <summary>Time zone of timestamps written without an offset (Kea's file layout, RFC 3164 syslog).</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>Year for RFC 3164 timestamps; default: inferred from the file's modification time.</summary>
    public int? Year { get; init; }

    /// <summary>Lines longer than this are counted as unparsed and skipped without being buffered.</summary>
    public int MaxLineLength { get; init; } = 1 << 20;

    /// <summary>Worker threads for chunked parsing of large files (default: processor count).</summary>
    public int? Parallelism { get; init; }

    /// <summary>
    /// Bytes per chunk for parallel parsing. The default, 4 MiB less 80 KiB, makes a chunk plus the 64 KiB read before it
    /// and the 16 KiB read after it fill a 4 MiB pooled buffer exactly.
    /// </summary>
    public int ChunkSize { get; init; } = (4 << 20) - (80 << 10);

    /// <summary>How many unparsed lines to keep as examples, per reason.</summary>
    public int ExamplesPerReason { get; init; } = 3;

    /// <summary>
    /// Also yield an event for each further lease line of a message already counted (a Kea DHCPv6 REPLY carrying an
    /// address and a delegated prefix, a RELEASE of both). Counts and summaries do not change; the lease tracker needs
    /// every lease. Off for <c>parse</c> and <c>tail</c>, which show one event per DHCP message.
    /// </summary>
    public bool AdditionalLeaseEvents { get; init; }
}
