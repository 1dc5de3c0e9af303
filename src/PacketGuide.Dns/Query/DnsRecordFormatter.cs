using System.Globalization;
using System.Text;
using DnsClient.Protocol;

namespace PacketGuide.Dns.Query;

/// <summary>Turns DnsClient's records into <see cref="DnsRecordView"/>s with presentation-format data.</summary>
internal static class DnsRecordFormatter
{
    public static DnsRecordView View(DnsResourceRecord record)
    {
        var type = DnsRecordTypes.Name((ushort)record.RecordType);
        var name = record.DomainName.Value;
        var data = record switch
        {
            TxtRecord txt => string.Join(" ", txt.Text.Select(Quote)),
            UnknownRecord unknown => string.Create(CultureInfo.InvariantCulture, $"\\# {unknown.Data.Count} {Convert.ToHexStringLower([.. unknown.Data])}"),

            // DnsClient writes these with mnemonics ("DaneEe", "ECDSAP256SHA256"); zone files and dig use the numbers.
            TlsaRecord tlsa => string.Create(CultureInfo.InvariantCulture,
                $"{(int)tlsa.CertificateUsage} {(int)tlsa.Selector} {(int)tlsa.MatchingType} {Convert.ToHexString([.. tlsa.CertificateAssociationData])}"),
            DnsKeyRecord key => string.Create(CultureInfo.InvariantCulture, $"{key.Flags} {key.Protocol} {(int)key.Algorithm} {Convert.ToBase64String([.. key.PublicKey])}"),
            DsRecord ds => string.Create(CultureInfo.InvariantCulture, $"{ds.KeyTag} {(int)ds.Algorithm} {ds.DigestType} {Convert.ToHexString([.. ds.Digest])}"),
            RRSigRecord rrsig => string.Create(CultureInfo.InvariantCulture,
                $"{DnsRecordTypes.Name((ushort)rrsig.CoveredType)} {(int)rrsig.Algorithm} {rrsig.Labels} {rrsig.OriginalTtl} {rrsig.SignatureExpiration.UtcDateTime:yyyyMMddHHmmss} {rrsig.SignatureInception.UtcDateTime:yyyyMMddHHmmss} {rrsig.KeyTag} {rrsig.SignersName.Value} {Convert.ToBase64String([.. rrsig.Signature])}"),
            _ => RdataOf(record),
        };
        var view = new DnsRecordView(name, record.InitialTimeToLive, record.RecordClass.ToString(), type, data);
        return record is RRSigRecord sig
            ? view with
            {
                Signature = new RrsigValidity(DnsRecordTypes.Name((ushort)sig.CoveredType), sig.KeyTag, sig.SignersName.Value,
                    sig.SignatureInception, sig.SignatureExpiration),
            }
            : view;
    }

    /// <summary>
    /// DnsClient writes "name ttl class type rdata"; the rdata is what follows the owner (skipped by its length: a label may
    /// hold a space) and three more fields. Not by comparing a prefix: the TTL in that text counts down by the second as the
    /// record ages (a test caught "300" against "299").
    /// </summary>
    private static string RdataOf(DnsResourceRecord record)
    {
        var text = record.ToString(0);
        var owner = record.DomainName.Value.Length + 1;
        var fields = text.Length > owner ? text[owner..].Split(' ', 4) : [];
        return fields.Length == 4 ? fields[3] : text;
    }

    /// <summary>A character-string (as decoded) in zone-file quoting: quotes and backslashes escaped, other bytes as \DDD.</summary>
    private static string Quote(string escaped)
    {
        var s = new StringBuilder(escaped.Length + 2).Append('"');
        foreach (var c in escaped)
        {
            if (c is '"' or '\\')
            {
                s.Append('\\').Append(c);
            }
            else if (c < ' ' || c > '~')
            {
                foreach (var b in Encoding.UTF8.GetBytes([c]))
                {
                    s.Append(CultureInfo.InvariantCulture, $"\\{b:D3}");
                }
            }
            else
            {
                s.Append(c);
            }
        }

        return s.Append('"').ToString();
    }
}
