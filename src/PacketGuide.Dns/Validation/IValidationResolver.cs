using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>How the validator asks servers: many questions of one server at a time, counted for the effective query rate.</summary>
public interface IValidationResolver
{
    /// <summary>One exchange per question, in order (unanswered ones carry an error); never throws for a server that does not answer.</summary>
    Task<IReadOnlyList<DnsExchange>> AskAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool tcp, bool dnssec,
        CancellationToken cancellationToken);

    /// <summary>Questions asked so far.</summary>
    long Queries { get; }
}
