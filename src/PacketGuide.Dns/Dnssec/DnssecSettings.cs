using System.Diagnostics.CodeAnalysis;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// What a zone's DNSSEC should be: signed or not, the algorithm (13 by default), one combined signing key (CSK) or a
/// KSK and a ZSK (<see cref="SplitKeys"/>), and NSEC3 (null: NSEC). The zone spec's <c>dnssec:</c> section maps onto this.
/// </summary>
public sealed record DnssecSettings(bool Enabled, int Algorithm = 13, bool SplitKeys = false, Nsec3Settings? Nsec3 = null)
{
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        if (!DnssecAlgorithm.TryValidate(Algorithm, out error))
        {
            return false;
        }

        return Nsec3 is null || Nsec3.TryValidate(out error);
    }
}
