using System.Diagnostics;
using System.Globalization;
using DnsClient;
using PacketGuide.Dns.Query;

namespace PacketGuide.Benchmarks;

/// <summary>
/// <c>query-engine --server ADDR:PORT --queries FILE [--sockets N] [--window N] [--dnssec] [--views] [--runs N] [--dnsclient N]</c>:
/// asks every question of a dnsperf query file (<c>name TYPE</c> a line) through <see cref="DnsQueryEngine"/> and prints
/// the effective rate of each run (the first also warms the JIT) with the engine's counters. <c>--dnsclient N</c> also
/// runs DnsClient's LookupClient with N queries in flight, the alternative measured in docs/benchmarks.md. <c>--views</c> also
/// formats every record of every answer (what a caller reading all sections pays).
/// Used by bench/validate-engine.sh.
/// </summary>
internal static class QueryEngineRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        DnsServer? server = null;
        string? file = null;
        var options = new DnsQueryEngineOptions();
        var dnssec = false;
        var runs = 3;
        var dnsClientWindow = 0;
        var views = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--server" when i + 1 < args.Length && DnsServer.TryParse(args[++i], 53, out var parsed, out _):
                    server = parsed;
                    break;
                case "--queries" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "--sockets" when i + 1 < args.Length:
                    options = options with { Sockets = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--window" when i + 1 < args.Length:
                    options = options with { Window = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--runs" when i + 1 < args.Length:
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--dnsclient" when i + 1 < args.Length:
                    dnsClientWindow = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--views":
                    views = true;
                    break;
                case "--dnssec":
                    dnssec = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"query-engine: unknown or incomplete argument '{args[i]}'");
                    return 2;
            }
        }

        if (server is null || file is null)
        {
            await Console.Error.WriteLineAsync("usage: query-engine --server ADDR:PORT --queries FILE [--sockets N] [--window N] [--dnssec] [--views] [--runs N] [--dnsclient N]");
            return 2;
        }

        var questions = new List<(string Name, ushort Type)>();
        foreach (var line in await File.ReadAllLinesAsync(file))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && DnsRecordTypes.TryParse(fields[1], out var type))
            {
                questions.Add((fields[0], type));
            }
        }

        var total = Stopwatch.StartNew();
        await using (var engine = new DnsQueryEngine(server, options))
        {
            for (var run = 1; run <= runs; run++)
            {
                var before = engine.Counters;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var gcs = GC.CollectionCount(0);
                var watch = Stopwatch.StartNew();
                int answered = 0, records = 0, noError = 0, nxDomain = 0, mismatched = 0;
                // The bulk path dns validate uses: each answer handed to a callback on the receive threads as it comes.
                await engine.QueryEachAsync(questions, dnssec, answer =>
                {
                    answered += answer.Answered ? 1 : 0;
                    records += views ? answer.Answers.Count + answer.Authority.Count + answer.Additional.Count : 0;
                    noError += answer is { Answered: true, ResponseCode: 0 } ? 1 : 0;
                    nxDomain += answer.IsNameError ? 1 : 0;
                    mismatched += answer.Answered && !string.Equals(answer.QuestionName.TrimEnd('.'), answer.Name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                });

                var seconds = watch.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                var c = engine.Counters;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"engine run {run}: {questions.Count} questions in {seconds:0.000} s = {questions.Count / seconds:0} qps (CPU {cpuSeconds:0.000} s, {GC.CollectionCount(0) - gcs} GCs); answered {answered} (NOERROR {noError}, NXDOMAIN {nxDomain}), mismatched {mismatched}, records formatted {records}, timed out {c.TimedOut - before.TimedOut}, retried {c.Retried - before.Retried}, tcp {c.TcpRetries - before.TcpRetries}, unmatched datagrams {c.Unmatched - before.Unmatched}"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine total (process work incl. JIT, {runs} runs): {total.Elapsed.TotalSeconds:0.000} s"));

        if (dnsClientWindow > 0)
        {
            await RunDnsClientAsync(server, questions, dnssec, dnsClientWindow);
        }

        return 0;
    }

    /// <summary>The alternative: DnsClient's own transport with N awaits in flight (no Task.Run).</summary>
    private static async Task RunDnsClientAsync(DnsServer server, List<(string Name, ushort Type)> questions, bool dnssec, int window)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(server.Address, server.Port))
        {
            AutoResolveNameServers = false,
            UseCache = false,
            Recursion = false,
            RequestDnsSecRecords = dnssec,
            Timeout = TimeSpan.FromSeconds(1),
            Retries = 2,
            ThrowDnsErrors = false,
        });
        for (var run = 1; run <= 2; run++)
        {
            using var gate = new SemaphoreSlim(window);
            var watch = Stopwatch.StartNew();
            var answered = 0;
            var tasks = new List<Task>(questions.Count);
            foreach (var (name, type) in questions)
            {
                await gate.WaitAsync();
                tasks.Add(AskAsync(name, type));
            }

            await Task.WhenAll(tasks);
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dnsclient run {run} ({window} in flight): {questions.Count} questions in {seconds:0.000} s = {questions.Count / seconds:0} qps; answered {answered}"));

            async Task AskAsync(string name, ushort type)
            {
                try
                {
                    var response = await client.QueryAsync(new DnsClient.DnsQuestion(name, (QueryType)type));
                    Interlocked.Add(ref answered, response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain ? 0 : 1);
                }
                catch (DnsResponseException)
                {
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }
}
