using System.Collections.Concurrent;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// The validator's UDP questions through <see cref="DnsQueryEngine"/> (one engine per server, many questions in flight),
/// its TCP questions through <see cref="DnsQueryRunner"/> (the reachability check asks one question over TCP).
/// <paramref name="onAnswered"/>, when given, sees the server and latency of every answer (the service's latency histogram).
/// </summary>
public sealed class EngineValidationResolver(TimeProvider timeProvider, TimeSpan timeout, Action<DnsServer, TimeSpan>? onAnswered = null) : IValidationResolver, IAsyncDisposable
{
    private readonly ConcurrentDictionary<DnsServer, DnsQueryEngine> _engines = new();
    private long _queries;

    public long Queries => Interlocked.Read(ref _queries);

    public async Task<IReadOnlyList<DnsExchange>> AskAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool tcp, bool dnssec,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(questions);
        Interlocked.Add(ref _queries, questions.Count);
        if (tcp)
        {
            var exchanges = await new DnsQueryRunner(timeProvider).QueryAsync([server], questions,
                new DnsQueryOptions { Recursion = false, TcpOnly = true, DnssecOk = dnssec, Timeout = timeout, Retries = 1 }, cancellationToken).ConfigureAwait(false);
            foreach (var exchange in exchanges.Where(e => e.Answered))
            {
                onAnswered?.Invoke(server, exchange.Elapsed);
            }

            return exchanges;
        }

        var answers = await Engine(server).QueryAllAsync(questions, dnssec, cancellationToken).ConfigureAwait(false);
        if (onAnswered is not null)
        {
            foreach (var answer in answers.Where(a => a.Answered))
            {
                onAnswered(server, answer.Latency);
            }
        }

        return [.. answers.Select(a => Exchange(server, a))];
    }

    public Task AskEachAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, bool dnssec, Action<DnsAnswer> onAnswer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(questions);
        Interlocked.Add(ref _queries, questions.Count);
        return Engine(server).QueryEachAsync(questions, dnssec, onAnswered is null ? onAnswer : answer =>
        {
            if (answer.Answered)
            {
                onAnswered(server, answer.Latency);
            }

            onAnswer(answer);
        }, cancellationToken);
    }

    private DnsQueryEngine Engine(DnsServer server) =>
        _engines.GetOrAdd(server, s => new DnsQueryEngine(s, new DnsQueryEngineOptions { Timeout = timeout }, timeProvider));

    private static DnsExchange Exchange(DnsServer server, DnsAnswer answer) => new()
    {
        Server = server,
        Name = answer.Name,
        Type = answer.Type,
        Error = answer.Answered ? null : answer.Error ?? answer.Status.ToString(),
        ResponseCode = answer.ResponseCodeName,
        Flags = new DnsHeaderFlags(answer.Authoritative, answer.Truncated, false, false, false, false),
        Answers = answer.Answered ? answer.Answers : [],
        Authority = answer.Answered ? answer.Authority : [],
        Additional = answer.Answered ? answer.Additional : [],
        Transport = answer.Transport,
        Elapsed = answer.Latency,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines.Values)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        _engines.Clear();
    }
}
