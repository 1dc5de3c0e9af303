namespace PacketGuide.Dns.Query;

/// <summary>What <see cref="DnsQueryEngine"/> got for one question: the answer message, or why there is none.</summary>
public sealed record DnsAnswer
{
    /// <summary>The name asked for, as given to the engine.</summary>
    public required string Name { get; init; }

    public required ushort Type { get; init; }

    public string TypeName => DnsRecordTypes.Name(Type);

    /// <summary>The question's place in the sequence a bulk run was given (-1 for a single query).</summary>
    public int Index { get; init; } = -1;

    /// <summary>Whether DO was set.</summary>
    public bool DnssecOk { get; init; }

    public DnsAnswerStatus Status { get; init; }

    /// <summary>Why there is no answer (null when <see cref="Status"/> is <see cref="DnsAnswerStatus.Answered"/>).</summary>
    public string? Error { get; init; }

    public bool Answered => Status == DnsAnswerStatus.Answered;

    /// <summary>The question section of the answer message (owner name as the server wrote it, with the trailing dot).</summary>
    public string QuestionName => field ??= Message is { Questions.Count: > 0 } m ? m.Questions[0].Name.ToString() : "";

    public ushort QuestionType => Message is { Questions.Count: > 0 } m ? (ushort)m.Questions[0].RecordType : (ushort)0;

    /// <summary>RCODE number (0 NOERROR, 3 NXDOMAIN, ...).</summary>
    public int ResponseCode { get; init; }

    /// <summary>RCODE as dig names it.</summary>
    public string ResponseCodeName => Answered ? DnsQueryRunner.ResponseCodeName(ResponseCode) : "";

    /// <summary>AA in the answer used.</summary>
    public bool Authoritative { get; init; }

    /// <summary>TC in the answer used (after a TCP retry this is the TCP answer's, normally clear).</summary>
    public bool Truncated { get; init; }

    /// <summary>udp, or udp+tcp when the UDP answer was truncated and the question was asked again over TCP.</summary>
    public string Transport { get; init; } = "udp";

    /// <summary>The answer section (presentation format is built on first use: the engine's hot path only decodes).</summary>
    public IReadOnlyList<DnsRecordView> Answers
    {
        get => field ??= Message is null ? [] : DnsAnswerDecoder.Views(Message.AnswerRecords);
        init;
    }

    public IReadOnlyList<DnsRecordView> Authority
    {
        get => field ??= Message is null ? [] : DnsAnswerDecoder.Views(Message.AuthorityRecords);
        init;
    }

    /// <summary>The additional section without the OPT pseudo-record.</summary>
    public IReadOnlyList<DnsRecordView> Additional
    {
        get => field ??= Message is null ? [] : DnsAnswerDecoder.Views(Message.AdditionalRecords);
        init;
    }

    /// <summary>The decoded message the sections are read from (ARSoft.Tools.Net's).</summary>
    internal ARSoft.Tools.Net.Dns.DnsMessage? Message { get; init; }

    /// <summary>The RRSIGs of all sections with what they cover and their validity windows.</summary>
    public IEnumerable<RrsigValidity> Signatures =>
        Answers.Concat(Authority).Concat(Additional).Select(r => r.Signature).OfType<RrsigValidity>();

    /// <summary>From the first send to the answer (or to giving up).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>UDP attempts made (1 when the first was answered).</summary>
    public int Attempts { get; init; }

    /// <summary>NXDOMAIN.</summary>
    public bool IsNameError => Answered && ResponseCode == 3;

    /// <summary>NOERROR with an empty answer section: the name exists, the type does not.</summary>
    public bool IsNoData => Answered && ResponseCode == 0 && (Message is { } m ? m.AnswerRecords.Count == 0 : Answers.Count == 0);
}

public enum DnsAnswerStatus
{
    Answered,

    /// <summary>No UDP answer after all attempts, or no TCP answer in time.</summary>
    TimedOut,

    /// <summary>The answer could not be decoded, or the TCP retry failed.</summary>
    Failed,
}
