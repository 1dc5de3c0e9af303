namespace PacketGuide.Dhcp.Parsing;

/// <summary>Stable wire names for <see cref="UnparsedReason"/>.</summary>
public static class UnparsedReasons
{
    public const int Count = 9;

    private static readonly string[] s_names =
    [
        "not-a-log-line", "bad-timestamp", "other-program", "malformed-message", "unknown-message",
        "packet-dump", "line-too-long", "binary", "malformed-record",
    ];

    public static string ToWireName(this UnparsedReason reason) => s_names[(int)reason];
}
