using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>The validator's questions through <see cref="DnsQueryRunner"/> (DnsClient, one question after the other).</summary>
public sealed class RunnerValidationResolver(TimeProvider timeProvider, TimeSpan timeout) : IValidationResolver
{
    private long _queries;

    public long Queries => Interlocked.Read(ref _queries);

    public async Task<IReadOnlyList<DnsExchange>> AskAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool tcp, bool dnssec,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        Interlocked.Add(ref _queries, questions.Count);
        return await new DnsQueryRunner(timeProvider).QueryAsync([server], questions,
            new DnsQueryOptions { Recursion = false, TcpOnly = tcp, DnssecOk = dnssec, Timeout = timeout, Retries = 1 }, cancellationToken).ConfigureAwait(false);
    }
}
