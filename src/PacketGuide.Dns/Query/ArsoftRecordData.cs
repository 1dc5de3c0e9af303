using System.Globalization;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace PacketGuide.Dns.Query;

/// <summary>
/// The data of an ARSoft.Tools.Net record in presentation format (zone-file text): what ARSoft writes after
/// "name ttl class type", except for addresses, written straight from the address (most of a large zone; no whole line
/// is built for them), and NSEC3, which ARSoft 3.6 writes wrong (below). Every path from ARSoft records to text goes
/// through here: AXFR and zone-file reading (<c>ArsoftRecordSets</c>), answer views, the validator.
/// </summary>
internal static class ArsoftRecordData
{
    public static string Of(DnsRecordBase record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        NSec3Record nsec3 => Nsec3(nsec3),
        _ => AfterOwnerTtlClassType(record.ToString()),
    };

    /// <summary>ARSoft's line is "name ttl class type rdata" with names escaped (so without spaces): the rdata follows the fourth space.</summary>
    private static string AfterOwnerTtlClassType(string text)
    {
        var at = -1;
        for (var field = 0; field < 4; field++)
        {
            at = text.IndexOf(' ', at + 1);
            if (at < 0)
            {
                return "";
            }
        }

        return text[(at + 1)..];
    }

    /// <summary>
    /// RFC 5155 3.3's form. ARSoft.Tools.Net 3.6 writes the next hashed owner in base32 with the standard alphabet instead
    /// of base32hex, so its text names a hash that is not the one in the record (the validator's denial check then found
    /// no span holding a name that BIND's NSEC3 chain covered).
    /// </summary>
    private static string Nsec3(NSec3Record record) => string.Create(CultureInfo.InvariantCulture,
        $"{(byte)record.HashAlgorithm} {(byte)record.Flags} {record.Iterations} {(record.Salt.Length == 0 ? "-" : Convert.ToHexString(record.Salt))} {BaseEncoding.ToBase32HexString(record.NextHashedOwner)} {string.Join(' ', record.Types.Select(t => DnsRecordTypes.Name((ushort)t)))}");
}
