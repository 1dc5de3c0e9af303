using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PacketGuide.Dns.Query;

/// <summary>The PTR owner name of an address: <c>4.3.2.1.in-addr.arpa.</c>, or the 32 nibbles under <c>ip6.arpa.</c>.</summary>
public static class ReverseName
{
    public static string For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        var name = new StringBuilder(74);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                name.Append(bytes[i]).Append('.');
            }

            return name.Append("in-addr.arpa.").ToString();
        }

        const string Hex = "0123456789abcdef";
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            name.Append(Hex[bytes[i] & 0xf]).Append('.').Append(Hex[bytes[i] >> 4]).Append('.');
        }

        return name.Append("ip6.arpa.").ToString();
    }
}
