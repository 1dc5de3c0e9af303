using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Input;

/// <summary>Guesses an input's format from its first bytes (up to 64 KB).</summary>
internal static class FormatDetector
{
    public const int SniffBytes = 64 * 1024;

    public static DhcpLogFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\xEF\xBB\xBF"u8))
        {
            head = head[3..];
        }

        var trimmed = head.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return null;
        }

        if (trimmed[0] is (byte)'{' or (byte)'[')
        {
            return DhcpLogFormat.KeaJson;
        }

        if (trimmed.StartsWith("address,hwaddr,"u8))
        {
            return DhcpLogFormat.KeaLease4;
        }

        if (trimmed.StartsWith("address,duid,"u8))
        {
            return DhcpLogFormat.KeaLease6;
        }

        var kea = 0;
        var dhcpd = 0;
        var leases = 0;
        var lines = 0;
        var rest = head;
        while (!rest.IsEmpty && lines < 200)
        {
            var nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (nl < 0 && rest.IsEmpty && head.Length >= SniffBytes)
            {
                break; // a cut-off last line tells nothing
            }

            line = line.TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                continue;
            }

            lines++;
            if (line.StartsWith("lease "u8) && line.EndsWith("{"u8) || line.StartsWith("authoring-byte-order"u8)
                || line.StartsWith("server-duid"u8) || line.StartsWith("# The format of this file is documented in the dhcpd.leases"u8))
            {
                leases++;
            }
            else if (line.Length > 24 && line[4] == '-' && line[10] == ' ' && line[23] == ' ' && LogTimestamp.TryParseKea(line, out _))
            {
                kea++;
            }
            else if (SyslogHeader.TryParse(line, out var header, out _))
            {
                if (header.Program.StartsWith("kea-dhcp"u8))
                {
                    kea++;
                }
                else if (header.Program.SequenceEqual("dhcpd"u8))
                {
                    dhcpd++;
                }
            }
            else if (line.StartsWith("DHCP"u8) || line.StartsWith("Internet Systems Consortium DHCP Server"u8)
                || line.StartsWith("Listening on "u8))
            {
                dhcpd++;
            }
        }

        if (leases > 0 && leases >= kea && leases >= dhcpd)
        {
            return DhcpLogFormat.DhcpdLeases;
        }

        if (kea == 0 && dhcpd == 0)
        {
            return null;
        }

        return kea >= dhcpd ? DhcpLogFormat.Kea : DhcpLogFormat.Dhcpd;
    }
}
