namespace PacketGuide.Benchmarks;

/// <summary>A clock that never moves, so that no lease expires while a benchmark runs.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
