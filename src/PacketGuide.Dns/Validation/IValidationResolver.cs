using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>How the validator asks servers: many questions of one server at a time, counted for the effective query rate.</summary>
public interface IValidationResolver
{
    /// <summary>One exchange per question, in order (unanswered ones carry an error); never throws for a server that does not answer.</summary>
    Task<IReadOnlyList<DnsExchange>> AskAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool tcp, bool dnssec,
        CancellationToken cancellationToken);

    /// <summary>
    /// The bulk form, over UDP: each answer is handed to <paramref name="onAnswer"/> as it comes, in any order
    /// (<see cref="DnsAnswer.Index"/> is the question's place in <paramref name="questions"/>), one call at a time; nothing
    /// is kept once the callback returns. Never throws for a server that does not answer.
    /// </summary>
    Task AskEachAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool dnssec, Action<DnsAnswer> onAnswer,
        CancellationToken cancellationToken);

    /// <summary>Questions asked so far.</summary>
    long Queries { get; }
}
