using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PacketGuide.Dns.Dnssec;

/// <summary>The DNSSEC signing algorithms pguide sets up (IANA numbers), with the names PowerDNS's API and BIND's dnssec-policy use.</summary>
public static class DnssecAlgorithm
{
    private static readonly Dictionary<int, (string PowerDns, string Bind)> s_supported = new()
    {
        [8] = ("RSASHA256", "rsasha256"),
        [13] = ("ECDSAP256SHA256", "ecdsap256sha256"),
        [14] = ("ECDSAP384SHA384", "ecdsap384sha384"),
        [15] = ("ED25519", "ed25519"),
    };

    /// <summary>8, 13, 14 and 15.</summary>
    public static IEnumerable<int> Supported => s_supported.Keys.Order();

    public static bool IsSupported(int algorithm) => s_supported.ContainsKey(algorithm);

    /// <summary>The name PowerDNS's cryptokeys API takes (<c>ECDSAP256SHA256</c>).</summary>
    public static string PowerDnsName(int algorithm) => s_supported[algorithm].PowerDns;

    /// <summary>The name BIND's dnssec-policy takes (<c>ecdsap256sha256</c>).</summary>
    public static string BindName(int algorithm) => s_supported[algorithm].Bind;

    /// <summary>A number from an API name or a number as text (<c>ECDSAP256SHA256</c>, <c>13</c>); unknown names give 0.</summary>
    public static int FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return s_supported.FirstOrDefault(p => string.Equals(p.Value.PowerDns, name, StringComparison.OrdinalIgnoreCase)).Key;
    }

    public static bool TryValidate(int algorithm, [NotNullWhen(false)] out string? error)
    {
        error = IsSupported(algorithm)
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"algorithm {algorithm} is not supported; use 13 (ECDSAP256SHA256, the default), 14 (ECDSAP384SHA384), 15 (ED25519) or 8 (RSASHA256).");
        return error is null;
    }
}
