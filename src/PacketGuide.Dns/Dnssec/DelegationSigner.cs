using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// DS records from a DNSKEY (RFC 4034 section 5.1.4, RFC 4509, RFC 6605): digest over the owner name in canonical wire form
/// followed by the DNSKEY RDATA. Digest types 1 (SHA-1), 2 (SHA-256, the default) and 4 (SHA-384). The text is what
/// <c>dnssec-dsfromkey</c> prints: <c>example.com. IN DS 12345 13 2 HEX</c>.
/// </summary>
public static class DelegationSigner
{
    /// <summary>1 (SHA-1), 2 (SHA-256), 4 (SHA-384).</summary>
    public static bool TryValidateDigestType(int digestType, [NotNullWhen(false)] out string? error)
    {
        error = digestType is 1 or 2 or 4
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"digest type {digestType} is not supported; use 2 (SHA-256, the default), 4 (SHA-384) or 1 (SHA-1, deprecated).");
        return error is null;
    }

    /// <summary>The DNSKEY RDATA: flags (2 octets), protocol, algorithm, public key.</summary>
    public static byte[] DnsKeyData(int flags, int protocol, int algorithm, ReadOnlySpan<byte> publicKey)
    {
        var data = new byte[4 + publicKey.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)flags);
        data[2] = (byte)protocol;
        data[3] = (byte)algorithm;
        publicKey.CopyTo(data.AsSpan(4));
        return data;
    }

    /// <summary>RFC 4034 appendix B key tag of a DNSKEY RDATA (algorithm 1 is not used by pguide and not special-cased).</summary>
    public static int KeyTag(ReadOnlySpan<byte> dnsKeyData)
    {
        uint sum = 0;
        for (var i = 0; i < dnsKeyData.Length; i++)
        {
            sum += (i & 1) == 0 ? (uint)dnsKeyData[i] << 8 : dnsKeyData[i];
        }

        sum += (sum >> 16) & 0xFFFF;
        return (int)(sum & 0xFFFF);
    }

    /// <summary>The owner name in canonical wire form: lowercase labels, each preceded by its length, ending with the root.</summary>
    public static byte[] CanonicalName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new List<byte>(name.Length + 2);
        foreach (var label in name.TrimEnd('.').ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var octets = Encoding.ASCII.GetBytes(label);
            if (octets.Length > 63)
            {
                throw new ArgumentException($"label '{label}' of {name} is longer than 63 octets.", nameof(name));
            }

            buffer.Add((byte)octets.Length);
            buffer.AddRange(octets);
        }

        buffer.Add(0);
        return [.. buffer];
    }

    /// <summary>The digest of a DS record for <paramref name="owner"/>'s key.</summary>
    public static byte[] Digest(string owner, ReadOnlySpan<byte> dnsKeyData, int digestType)
    {
        var name = CanonicalName(owner);
        var input = new byte[name.Length + dnsKeyData.Length];
        name.CopyTo(input, 0);
        dnsKeyData.CopyTo(input.AsSpan(name.Length));
        return digestType switch
        {
#pragma warning disable CA5350 // SHA-1 is DS digest type 1 by definition; offered only when asked for, never by default.
            1 => SHA1.HashData(input),
#pragma warning restore CA5350
            2 => SHA256.HashData(input),
            4 => SHA384.HashData(input),
            _ => throw new ArgumentOutOfRangeException(nameof(digestType), digestType, "DS digest type must be 1, 2 or 4."),
        };
    }

    /// <summary><c>owner. IN DS TAG ALG TYPE HEX</c>, as dnssec-dsfromkey prints it (uppercase hex).</summary>
    public static string DsText(string owner, int flags, int protocol, int algorithm, ReadOnlySpan<byte> publicKey, int digestType)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var data = DnsKeyData(flags, protocol, algorithm, publicKey);
        var digest = Digest(owner, data, digestType);
        return string.Create(CultureInfo.InvariantCulture,
            $"{owner.TrimEnd('.').ToLowerInvariant()}. IN DS {KeyTag(data)} {algorithm} {digestType} {Convert.ToHexString(digest)}");
    }
}
