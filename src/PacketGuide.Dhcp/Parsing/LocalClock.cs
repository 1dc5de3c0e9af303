namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Turns the wall-clock times that servers log without an offset (Kea's file layout, RFC 3164 syslog) into
/// <see cref="DateTimeOffset"/> for a given time zone. Caches the offset per hour, so the common case is a division
/// and a compare. Not thread-safe: one per parser.
/// </summary>
internal sealed class LocalClock(TimeZoneInfo zone)
{
    private long _cachedHour = long.MinValue;
    private TimeSpan _cachedOffset;

    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset ToOffset(long localTicks)
    {
        var hour = localTicks / TimeSpan.TicksPerHour;
        if (hour != _cachedHour)
        {
            _cachedOffset = Zone.GetUtcOffset(new DateTime(localTicks, DateTimeKind.Unspecified));
            _cachedHour = hour;
        }

        // Offsets are always within +-14h; clamp ticks so that hostile dates near year 1 or 9999 cannot throw.
        var ticks = Math.Clamp(localTicks, DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
        return new DateTimeOffset(ticks, _cachedOffset);
    }
}
