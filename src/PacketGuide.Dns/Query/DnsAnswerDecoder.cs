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

    /// <summary>One record in presentation format: owner as ARSoft writes it (escaped), data from <see cref="ArsoftRecordData"/>.</summary>
    public static DnsRecordView View(DnsRecordBase record)
    {
        var view = new DnsRecordView(record.Name.ToString(), record.TimeToLive,
            record.RecordClass == RecordClass.INet ? "IN" : record.RecordClass.ToString(), DnsRecordTypes.Name((ushort)record.RecordType),
            ArsoftRecordData.Of(record));
        return record is RrSigRecord sig
            ? view with
            {
                Signature = new RrsigValidity(DnsRecordTypes.Name((ushort)sig.TypeCovered), sig.KeyTag, sig.SignersName.ToString(),
                    new DateTimeOffset(DateTime.SpecifyKind(sig.SignatureInception, DateTimeKind.Utc)),
                    new DateTimeOffset(DateTime.SpecifyKind(sig.SignatureExpiration, DateTimeKind.Utc))),
            }
            : view;
    }
}
