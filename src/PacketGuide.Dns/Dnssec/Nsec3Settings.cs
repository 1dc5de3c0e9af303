using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// NSEC3 instead of NSEC (RFC 5155): extra hash iterations, a salt (hex, empty for none) and opt-out. RFC 9276 advises
/// 0 iterations and no salt, the defaults. BIND's dnssec-policy takes only the salt's length and picks the salt itself.
/// </summary>
public sealed record Nsec3Settings(int Iterations = 0, string Salt = "", bool OptOut = false)
{
    /// <summary>The most iterations accepted: BIND 9.18 and PowerDNS (max-nsec3-iterations) refuse more than 150 and 100; validators treat more than 100 as insecure.</summary>
    public const int MaxIterations = 100;

    /// <summary>The salt in lowercase hex, empty for none (<c>-</c> in zone files).</summary>
    public string NormalizedSalt => Salt is "-" ? "" : Salt.ToLowerInvariant();

    /// <summary>The salt's length in octets.</summary>
    public int SaltLength => NormalizedSalt.Length / 2;

    /// <summary>NSEC3PARAM text: <c>1 0 ITERATIONS SALT</c> (hash SHA-1, flags 0: opt-out is an NSEC3 flag, not an NSEC3PARAM one).</summary>
    public string ParamText => string.Create(CultureInfo.InvariantCulture, $"1 0 {Iterations} {(NormalizedSalt.Length == 0 ? "-" : NormalizedSalt)}");

    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        if (Iterations is < 0 or > MaxIterations)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"NSEC3 iterations {Iterations}: must be 0 to {MaxIterations} (0 is advised, RFC 9276).");
            return false;
        }

        var salt = NormalizedSalt;
        if (salt.Length % 2 != 0 || salt.Length > 510 || !salt.All(char.IsAsciiHexDigit))
        {
            error = $"NSEC3 salt '{Salt}': must be hex digits in pairs (at most 255 octets), or empty / '-' for none.";
            return false;
        }

        error = null;
        return true;
    }
}
