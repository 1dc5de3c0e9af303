using System.Globalization;
using System.Text;

namespace PacketGuide.Dhcp.Tests.Follow;

/// <summary>Numbered dhcpd ACK lines (journalctl short-iso layout); the client's host name is "h" + the number.</summary>
internal static class DhcpdLines
{
    public static string Line(int i) => string.Create(CultureInfo.InvariantCulture,
        $"2026-11-26T10:{i / 60000 % 60:00}:{i / 1000 % 60:00}+0000 lab dhcpd[7]: DHCPACK on 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} to 02:00:00:{i >> 16 & 255:x2}:{i >> 8 & 255:x2}:{i & 255:x2} (h{i}) via eth0\n");

    public static byte[] Lines(int from, int count)
    {
        var s = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            s.Append(Line(i));
        }

        return Encoding.ASCII.GetBytes(s.ToString());
    }

    public static IEnumerable<string> Hosts(int from, int count) => Enumerable.Range(from, count).Select(i => "h" + i.ToString(CultureInfo.InvariantCulture));
}
