using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace PacketGuide.Dns.Query;

/// <summary>A DNS server to ask: an IP address and a port (53 unless given). Written <c>127.0.0.1:5300</c>, <c>[::1]:53</c>.</summary>
public sealed record DnsServer(IPAddress Address, int Port = 53)
{
    /// <summary>
    /// Reads <c>ADDR</c>, <c>ADDR:PORT</c>, <c>[V6]:PORT</c> or a bare IPv6 address, with or without dig's leading <c>@</c>.
    /// Host names are not accepted here (resolving one would ask the system resolver).
    /// </summary>
    public static bool TryParse(string text, int defaultPort, [NotNullWhen(true)] out DnsServer? server, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        server = null;
        var s = text.StartsWith('@') ? text[1..] : text;
        string host = s, port = "";
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}': missing ']' after the IPv6 address.";
                return false;
            }

            host = s[1..close];
            port = s[(close + 1)..] is { Length: > 0 } rest ? rest.StartsWith(':') ? rest[1..] : "!" : "";
        }
        else if (s.Count(c => c == ':') == 1)
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (s[..colon], s[(colon + 1)..]);
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{text}': not an IP address (give the server as 192.0.2.53, 192.0.2.53:5300 or [2001:db8::53]:53).";
            return false;
        }

        var number = defaultPort;
        if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            error = $"'{text}': the port must be a number from 1 to 65535.";
            return false;
        }

        server = new DnsServer(address, number);
        error = null;
        return true;
    }

    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{Address}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Address}:{Port}");
}
