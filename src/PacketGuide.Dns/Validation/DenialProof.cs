using System.Security.Cryptography;
using System.Text;
using ARSoft.Tools.Net;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// Whether an NXDOMAIN answer proves the name does not exist: an NSEC whose span (owner to next name, in canonical order,
/// RFC 4034 6.1) holds the name, or an NSEC3 whose hash span (RFC 5155) holds the name's hash, each with a signature that is
/// valid now. The closest encloser of the names asked here is the apex, so the next closer name is the name itself.
/// </summary>
public static class DenialProof
{
    /// <summary>Null when the proof holds; otherwise what is wrong.</summary>
    public static string? Check(DnsExchange answer, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var authority = answer.Authority;
        var signatures = authority.Where(r => r.Type == "RRSIG" && r.Signature is not null).Select(r => r.Signature!).ToList();
        var nsec = authority.Where(r => r.Type == "NSEC").ToList();
        var nsec3 = authority.Where(r => r.Type == "NSEC3").ToList();
        if (nsec.Count == 0 && nsec3.Count == 0)
        {
            return "the NXDOMAIN answer carries no NSEC or NSEC3 record: validators cannot trust it";
        }

        foreach (var (type, records) in new[] { ("NSEC", nsec), ("NSEC3", nsec3) }.Where(p => p.Item2.Count > 0))
        {
            if (!signatures.Any(s => s.CoveredType == type && s.IsValidAt(now)))
            {
                return $"the {type} records of the denial have no signature valid now";
            }
        }

        var asked = DomainName.Parse(name);
        if (nsec.Count > 0)
        {
            return nsec.Any(r => Covers(DomainName.Parse(r.Name), DomainName.Parse(r.Data.Split(' ')[0]), asked))
                ? null
                : $"no NSEC span holds {name} ({string.Join("; ", nsec.Select(r => $"{r.Name} -> {r.Data.Split(' ')[0]}"))})";
        }

        foreach (var record in nsec3)
        {
            // NSEC3 data: ALGORITHM FLAGS ITERATIONS SALT NEXT-HASH TYPES...
            var fields = record.Data.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0] != "1" || !int.TryParse(fields[2], out var iterations))
            {
                continue;
            }

            var salt = fields[3] == "-" ? [] : Convert.FromHexString(fields[3]);
            var hash = Base32Hex(Nsec3Hash(name, salt, iterations));
            var owner = record.Name.Split('.')[0].ToLowerInvariant();
            var next = fields[4].ToLowerInvariant();
            var covered = string.CompareOrdinal(owner, next) < 0
                ? string.CompareOrdinal(owner, hash) < 0 && string.CompareOrdinal(hash, next) < 0
                : string.CompareOrdinal(hash, owner) > 0 || string.CompareOrdinal(hash, next) < 0; // the last span wraps around
            if (covered)
            {
                return null;
            }
        }

        return $"no NSEC3 span holds the hash of {name}";
    }

    /// <summary>NSEC: owner &lt; name &lt; next in canonical order; the last NSEC (next = the apex) wraps around.</summary>
    private static bool Covers(DomainName owner, DomainName next, DomainName name) =>
        owner.CompareTo(next) < 0
            ? owner.CompareTo(name) < 0 && name.CompareTo(next) < 0
            : owner.CompareTo(name) < 0 || name.CompareTo(next) < 0;

    /// <summary>RFC 5155 5: SHA-1 of the name in canonical wire form and the salt, then <paramref name="iterations"/> more times of the digest and the salt.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "NSEC3 hash algorithm 1 is SHA-1 by definition (RFC 5155); it is compared, not trusted for secrecy.")]
    internal static byte[] Nsec3Hash(string name, byte[] salt, int iterations)
    {
        var wire = new List<byte>();
        foreach (var label in name.TrimEnd('.').ToLowerInvariant().Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            wire.Add((byte)bytes.Length);
            wire.AddRange(bytes);
        }

        wire.Add(0);
        var digest = SHA1.HashData([.. wire, .. salt]);
        for (var i = 0; i < iterations; i++)
        {
            digest = SHA1.HashData([.. digest, .. salt]);
        }

        return digest;
    }

    /// <summary>Base32 with the extended hex alphabet, lower case, no padding (RFC 4648 7), as NSEC3 owner names use it.</summary>
    internal static string Base32Hex(byte[] data)
    {
        const string Alphabet = "0123456789abcdefghijklmnopqrstuv";
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
