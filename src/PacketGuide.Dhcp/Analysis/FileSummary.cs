namespace PacketGuide.Dhcp.Analysis;

/// <summary>What was read from one input.</summary>
public sealed record FileSummary
{
    public required string Path { get; init; }

    public required string Format { get; init; }

    public long Lines { get; init; }

    public long Events { get; init; }

    public long Unparsed { get; init; }
}
