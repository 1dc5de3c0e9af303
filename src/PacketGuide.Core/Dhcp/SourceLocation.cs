namespace PacketGuide.Dhcp;

/// <summary>Where an event came from: a file (or <c>-</c> for standard input) and a 1-based line number.</summary>
public readonly record struct SourceLocation(string File, long Line)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}";
}
