namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Events read from one file in one turn, and where that file stands once they are delivered. Lines without events
/// still move the checkpoint, so a batch may have no events.
/// </summary>
public sealed record FollowBatch(FollowCheckpoint Position, IReadOnlyList<LeaseEvent> Events, long Lines, long Unparsed)
{
    /// <summary>The unparsed lines per <see cref="Parsing.UnparsedReason"/> (indexed by its value); null when there were none.</summary>
    public IReadOnlyList<long>? UnparsedByReason { get; init; }
}
