namespace PacketGuide.Dhcp;

/// <summary>Command-line names of <see cref="DhcpLogFormat"/>.</summary>
public static class DhcpLogFormats
{
    private static readonly (string Name, DhcpLogFormat Format)[] s_names =
    [
        ("auto", DhcpLogFormat.Auto), ("kea", DhcpLogFormat.Kea), ("dhcpd", DhcpLogFormat.Dhcpd),
        ("kea-lease4", DhcpLogFormat.KeaLease4), ("kea-lease6", DhcpLogFormat.KeaLease6), ("kea-json", DhcpLogFormat.KeaJson),
        ("dhcpd-leases", DhcpLogFormat.DhcpdLeases),
    ];

    public static IReadOnlyList<string> Names { get; } = s_names.Select(n => n.Name).ToArray();

    public static string ToWireName(this DhcpLogFormat format) => s_names.First(n => n.Format == format).Name;

    public static bool TryParse(string name, out DhcpLogFormat format)
    {
        foreach (var (n, f) in s_names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>Line-oriented logs can be split into chunks and parsed in parallel; lease files and JSON cannot.</summary>
    public static bool IsLineLog(this DhcpLogFormat format) => format is DhcpLogFormat.Kea or DhcpLogFormat.Dhcpd;
}
