using System.Globalization;
using System.Text;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// The BIND 9.18 <c>dnssec-policy</c> that gives <see cref="DnssecSettings"/>: the built-in <c>default</c> for algorithm
/// 13 with a CSK and NSEC; otherwise a policy named after its settings (<c>pguide-a13-split-nsec3-i0-s0</c>), which
/// named.conf must define (policies cannot be added over rndc) — <see cref="Block"/> is the text to add.
/// </summary>
public static class BindDnssecPolicy
{
    public static string NameFor(DnssecSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is { Algorithm: 13, SplitKeys: false, Nsec3: null })
        {
            return "default";
        }

        var name = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"pguide-a{settings.Algorithm}-{(settings.SplitKeys ? "split" : "csk")}"));
        if (settings.Nsec3 is { } nsec3)
        {
            name.Append(CultureInfo.InvariantCulture, $"-nsec3-i{nsec3.Iterations}-s{nsec3.SaltLength}{(nsec3.OptOut ? "-optout" : "")}");
        }

        return name.ToString();
    }

    /// <summary>The named.conf statement that defines <see cref="NameFor"/>'s policy (null for the built-in default).</summary>
    public static string? Block(DnssecSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = NameFor(settings);
        if (name == "default")
        {
            return null;
        }

        var algorithm = DnssecAlgorithm.BindName(settings.Algorithm);
        var keys = settings.SplitKeys
            ? $"ksk lifetime unlimited algorithm {algorithm}; zsk lifetime unlimited algorithm {algorithm};"
            : $"csk lifetime unlimited algorithm {algorithm};";
        var nsec3 = settings.Nsec3 is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"\n    nsec3param iterations {n.Iterations} optout {(n.OptOut ? "yes" : "no")} salt-length {n.SaltLength};")
            : "";
        return $"dnssec-policy \"{name}\" {{\n    keys {{ {keys} }};{nsec3}\n}};";
    }
}
