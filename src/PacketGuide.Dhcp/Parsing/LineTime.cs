namespace PacketGuide.Dhcp.Parsing;

/// <summary>A line's timestamp and its resolution (which decides how close two lines must be to describe one packet).</summary>
internal readonly struct LineTime(DateTimeOffset time, bool subSecond)
{
    public static LineTime None => default;

    public bool HasTime { get; } = true;

    public DateTimeOffset Time { get; } = time;

    /// <summary>Lines of one packet are written within milliseconds; with whole-second stamps, within the same second.</summary>
    public long SamePacketTicks { get; } = subSecond ? 250 * TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond - 1;

    /// <summary>UTC ticks, never 0 for a line that has a time (0 marks "never" in <see cref="KeaTransactionWindow"/>).</summary>
    public long UtcTicks => HasTime ? Math.Max(1, Time.UtcTicks) : 0;
}
