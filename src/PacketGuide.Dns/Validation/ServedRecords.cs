using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// The RRset an answer serves for its own question, read from the decoded message's records (not from the formatted
/// sections of <see cref="DnsAnswer"/>): the validator compares tens of thousands of these, so only the records of the
/// question's owner and type are written as text, an address straight from the address.
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

    /// <summary>
    /// A record's value as <see cref="RecordValues.Key"/> writes it for the record's text; an address is its canonical text
    /// already (what <see cref="RecordValues.Key"/> makes of it), so it is not written and read again.
    /// </summary>
    public static string Key(DnsRecordBase record, string typeName) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        _ => RecordValues.Key(typeName, Data(record)),
    };

    /// <summary>The record's data in presentation format, as dig shows it.</summary>
    public static string Data(DnsRecordBase record) => ArsoftRecordData.Of(record);
}
