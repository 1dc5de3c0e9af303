using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Server.Api;

/// <summary>
/// Address parsing without the legacy forms <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> accepts:
/// "10.1" (10.0.0.1), "010.0.0.1" (octal) or "167772161" (one number) are refused, because a person who typed them
/// almost never meant what they parse to.
/// </summary>
internal static class StrictAddress
{
    public static bool TryParse(string? text, out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > 45)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId == 0;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit) || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(text, out address);
    }
}
