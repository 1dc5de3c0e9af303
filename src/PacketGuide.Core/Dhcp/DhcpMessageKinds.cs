namespace PacketGuide.Dhcp;

/// <summary>Stable wire names for <see cref="DhcpMessageKind"/> (used in JSON, CSV and on the command line).</summary>
public static class DhcpMessageKinds
{
    /// <summary>Number of kinds; kinds are dense from 0.</summary>
    public const int Count = 10;

    private static readonly string[] s_names =
        ["discover", "offer", "request", "ack", "nak", "release", "decline", "inform", "expire", "allocation-failed"];

    /// <summary>All kinds in declaration order.</summary>
    public static IReadOnlyList<DhcpMessageKind> All { get; } = Enumerable.Range(0, Count).Select(i => (DhcpMessageKind)i).ToArray();

    /// <summary>The wire name, e.g. <c>allocation-failed</c>.</summary>
    public static string ToWireName(this DhcpMessageKind kind) => s_names[(int)kind];

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string name, out DhcpMessageKind kind)
    {
        for (var i = 0; i < s_names.Length; i++)
        {
            if (string.Equals(s_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                kind = (DhcpMessageKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
