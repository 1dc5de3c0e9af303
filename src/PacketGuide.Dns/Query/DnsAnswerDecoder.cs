using ARSoft.Tools.Net.Dns;

namespace PacketGuide.Dns.Query;

/// <summary>Answer messages decoded by ARSoft.Tools.Net (<see cref="DnsMessage.Parse(ArraySegment{byte})"/>) into <see cref="DnsAnswer"/>s.</summary>
internal static class DnsAnswerDecoder
{
    /// <summary>The message, or null when ARSoft cannot decode it.</summary>
    public static DnsMessage? TryParse(ArraySegment<byte> message)
    {
        try
        {
            return DnsMessage.Parse(message);
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or FormatException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            return null;
        }
    }

    public static DnsAnswer ToAnswer(PendingQuery query, DnsMessage message, string transport, TimeSpan latency)
    {
        return new DnsAnswer
        {
            Name = query.Name,
            Type = query.Type,
            DnssecOk = query.DnssecOk,
            Index = query.Index,
            Status = DnsAnswerStatus.Answered,
            ResponseCode = (int)message.ReturnCode,
            Authoritative = message.IsAuthoritiveAnswer,
            Truncated = message.IsTruncated,
            Transport = transport,
            Message = message,
            Latency = latency,
            Attempts = query.Attempts,
        };
    }

    public static DnsAnswer Unanswered(PendingQuery query, DnsAnswerStatus status, string error, TimeSpan latency) => new()
    {
        Name = query.Name,
        Type = query.Type,
        DnssecOk = query.DnssecOk,
        Index = query.Index,
        Status = status,
        Error = error,
        Latency = latency,
        Attempts = query.Attempts,
    };

    public static DnsRecordView[] Views(List<DnsRecordBase> records)
    {
        var count = 0;
        foreach (var record in records)
        {
            count += record is OptRecord ? 0 : 1;
        }

        var views = new DnsRecordView[count];
        var i = 0;
        foreach (var record in records)
        {
            if (record is not OptRecord)
            {
                views[i++] = View(record);
            }
        }

        return views;
    }

    /// <summary>
    /// One record in presentation format, as ARSoft writes it: "name ttl class type rdata", names escaped (so without
    /// spaces); owner and rdata are cut from that one string.
    /// </summary>
    public static DnsRecordView View(DnsRecordBase record)
    {
        var text = record is NSec3Record nsec3 ? Nsec3Text(nsec3) : record.ToString();
        var owner = text.IndexOf(' ', StringComparison.Ordinal);
        var rdata = owner;
        for (var field = 0; field < 3 && rdata >= 0; field++)
        {
            rdata = text.IndexOf(' ', rdata + 1);
        }

        var view = new DnsRecordView(owner < 0 ? record.Name.ToString() : text[..owner], record.TimeToLive,
            record.RecordClass == RecordClass.INet ? "IN" : record.RecordClass.ToString(), DnsRecordTypes.Name((ushort)record.RecordType),
            rdata < 0 ? "" : text[(rdata + 1)..]);
        return record is RrSigRecord sig
            ? view with
            {
                Signature = new RrsigValidity(DnsRecordTypes.Name((ushort)sig.TypeCovered), sig.KeyTag, sig.SignersName.ToString(),
                    new DateTimeOffset(DateTime.SpecifyKind(sig.SignatureInception, DateTimeKind.Utc)),
                    new DateTimeOffset(DateTime.SpecifyKind(sig.SignatureExpiration, DateTimeKind.Utc))),
            }
            : view;
    }

    /// <summary>
    /// An NSEC3 record as RFC 5155 3.3 writes it. ARSoft.Tools.Net 3.6 writes the next hashed owner in base32 with the
    /// standard alphabet instead of base32hex, so its text names a hash that is not the one in the record (the denial check
    /// found no span holding a name that BIND's NSEC3 chain covered).
    /// </summary>
    private static string Nsec3Text(NSec3Record record) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{record.Name} {record.TimeToLive} IN NSEC3 {(byte)record.HashAlgorithm} {(byte)record.Flags} {record.Iterations} {(record.Salt.Length == 0 ? "-" : Convert.ToHexString(record.Salt))} {ARSoft.Tools.Net.BaseEncoding.ToBase32HexString(record.NextHashedOwner)} {string.Join(' ', record.Types.Select(t => DnsRecordTypes.Name((ushort)t)))}");
}
