using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// The RRset an answer serves for its own question, read from the decoded message's typed records: addresses and names
/// straight from ARSoft's records, other types through their presentation form. The validator compares tens of thousands
/// of these, so nothing is formatted that a comparison does not need.
/// </summary>
internal static class ServedRecords
{
    /// <summary>
    /// The records of <paramref name="type"/> owned by the question's name in the answer section (not those of a CNAME's
    /// target), as <see cref="RecordValues.Key"/> compares them.
    /// </summary>
    public static List<(DnsRecordBase Record, string Key)> Of(DnsAnswer answer, ushort type, string typeName)
    {
        var served = new List<(DnsRecordBase, string)>();
        if (answer.Message is not { Questions.Count: 1 } message)
        {
            return served;
        }

        var owner = message.Questions[0].Name;
        foreach (var record in message.AnswerRecords)
        {
            if ((ushort)record.RecordType == type && record.Name.Equals(owner, ignoreCase: true))
            {
                served.Add((record, Key(record, typeName)));
            }
        }

        return served;
    }

    /// <summary>A record's value as <see cref="RecordValues.Key"/> writes it for the same text.</summary>
    public static string Key(DnsRecordBase record, string typeName) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        PtrRecord ptr => ptr.PointerDomainName.ToString().ToLowerInvariant(),
        CNameRecord cname => cname.CanonicalName.ToString().ToLowerInvariant(),
        NsRecord ns => ns.NameServer.ToString().ToLowerInvariant(),
        _ => RecordValues.Key(typeName, Data(record)),
    };

    /// <summary>The record's data in presentation format, as dig shows it.</summary>
    public static string Data(DnsRecordBase record) => DnsAnswerDecoder.View(record).Data;
}
