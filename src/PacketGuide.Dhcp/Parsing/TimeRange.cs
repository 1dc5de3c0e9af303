namespace PacketGuide.Dhcp.Parsing;

/// <summary>The <c>--since</c>/<c>--until</c> window. Events without a time are always inside.</summary>
internal readonly record struct TimeRange(DateTimeOffset? Since, DateTimeOffset? Until)
{
    public bool Contains(bool hasTime, DateTimeOffset time) =>
        !hasTime || ((Since is null || time >= Since.Value) && (Until is null || time < Until.Value));
}
