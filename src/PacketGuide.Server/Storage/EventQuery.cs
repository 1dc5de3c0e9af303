namespace PacketGuide.Server.Storage;

/// <summary>Which events to list, newest first; every filter is optional.</summary>
public sealed record EventQuery
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Any of these kinds (wire names); null for all.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    public string? Subnet { get; init; }

    public string? Mac { get; init; }

    /// <summary>The cursor: events with a lower sequence number than this.</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = 100;
}
