using System.Net;
using System.Net.Sockets;
using PacketGuide.Dns.Query;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// <see cref="DnsQueryEngine"/> against the real BIND of <see cref="DnsServersFixture"/> (static.test unsigned, dyn.test
/// signed inline), checked against <see cref="DnsQueryRunner"/> (DnsClient) asking the same server. Only 127.0.0.1.
/// </summary>
public sealed class DnsQueryEngineTests(DnsServersFixture servers, ITestOutputHelper output) : IClassFixture<DnsServersFixture>
{
    private DnsServer Bind => new(IPAddress.Parse(servers.Bind.Address), servers.Bind.Port);

    [Fact]
    public async Task Answers_equal_what_DnsQueryRunner_gets()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        (string, ushort)[] questions =
        [
            ("www.static.test", 1), ("www.static.test", 28), ("static.test", 15), ("static.test", 2), ("static.test", 6),
            ("static.test", 16), ("txt.static.test", 16), ("ftp.static.test", 5), ("_sip._tcp.static.test", 33), ("mail.static.test", 1),
            ("ns2.static.test", 1), ("nothing.static.test", 1), ("www.static.test", 15), ("www.dyn.test", 1),
        ];
        var runner = new DnsQueryRunner(TimeProvider.System);
        var expected = await runner.QueryAsync([Bind], questions, new DnsQueryOptions { Recursion = false }, ct);
        await using var engine = new DnsQueryEngine(Bind);

        var answers = await engine.QueryAllAsync(questions, cancellationToken: ct);

        for (var i = 0; i < questions.Length; i++)
        {
            var (want, got) = (expected[i], answers[i]);
            output.WriteLine($"{got.Name} {got.TypeName}: {got.ResponseCodeName} {string.Join(" | ", got.Answers)}");
            Assert.True(got.Answered, got.Error);
            Assert.Equal(want.ResponseCode, got.ResponseCodeName);
            Assert.Equal(want.Flags.Authoritative, got.Authoritative);
            Assert.Equal(Set(want.Answers), Set(got.Answers));
            Assert.Equal(Set(want.Authority), Set(got.Authority));
            Assert.Equal(Set(want.Additional), Set(got.Additional));
        }
    }

    [Fact]
    public async Task Nxdomain_and_nodata_are_told_apart()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await using var engine = new DnsQueryEngine(Bind);

        var nx = await engine.QueryAsync("nothing.static.test", 1, cancellationToken: ct);
        var noData = await engine.QueryAsync("www.static.test", 15, cancellationToken: ct);

        Assert.True(nx.IsNameError);
        Assert.Equal("NXDOMAIN", nx.ResponseCodeName);
        Assert.Empty(nx.Answers);
        Assert.Contains(nx.Authority, r => r.Type == "SOA");
        Assert.True(noData.IsNoData);
        Assert.False(noData.IsNameError);
        Assert.Contains(noData.Authority, r => r.Type == "SOA");
        Assert.True(nx.Authoritative && noData.Authoritative);
    }

    [Fact]
    public async Task The_do_bit_brings_rrsigs_with_their_validity_window()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await using var engine = new DnsQueryEngine(Bind);

        var signed = await engine.QueryAsync("www.dyn.test", 1, dnssecOk: true, ct);
        var plain = await engine.QueryAsync("www.dyn.test", 1, dnssecOk: false, ct);
        var keys = await engine.QueryAsync("dyn.test", 48, dnssecOk: true, ct);

        var now = TimeProvider.System.GetUtcNow();
        var signature = Assert.Single(signed.Answers, r => r.Type == "RRSIG").Signature!;
        Assert.Equal("A", signature.CoveredType);
        Assert.Equal("dyn.test.", signature.Signer);
        Assert.True(signature.IsValidAt(now), $"{signature.Inception:O} .. {signature.Expiration:O} does not hold {now:O}");
        Assert.True(signature.Expiration - signature.Inception > TimeSpan.FromDays(1));
        Assert.Contains(signed.Signatures, s => s.CoveredType == "A");
        Assert.Empty(plain.Signatures);
        // The RRSIG's key tag is the zone's key (BIND's default policy: one CSK).
        Assert.Contains(keys.Signatures, s => s.CoveredType == "DNSKEY" && s.KeyTag == signature.KeyTag);
    }

    [Fact]
    public async Task A_truncated_answer_is_asked_again_over_tcp()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await using var engine = new DnsQueryEngine(Bind, new DnsQueryEngineOptions { UdpPayloadSize = 512 });

        var big = await engine.QueryAsync("big.static.test", 16, cancellationToken: ct);

        Assert.True(big.Answered, big.Error);
        Assert.Equal("udp+tcp", big.Transport);
        Assert.False(big.Truncated);
        var txt = Assert.Single(big.Answers);
        foreach (var letter in "ABCDEF")
        {
            Assert.Contains(new string(letter, 250), txt.Data, StringComparison.Ordinal);
        }

        Assert.Equal(new DnsQueryEngineCounters(1, 1, 0, 0, 1, 0, 0), engine.Counters);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out_per_query_without_hanging()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        int port;
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        }

        await using var engine = new DnsQueryEngine(new DnsServer(IPAddress.Loopback, port),
            new DnsQueryEngineOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1, Window = 8 });
        var questions = Enumerable.Range(0, 40).Select(i => ($"q{i}.static.test", (ushort)1)).ToList();
        var started = TimeProvider.System.GetTimestamp();

        var answers = await engine.QueryAllAsync(questions, cancellationToken: ct);

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.All(answers, a => Assert.Equal(DnsAnswerStatus.TimedOut, a.Status));
        Assert.All(answers, a => Assert.Equal(2, a.Attempts));
        Assert.Equal(new DnsQueryEngineCounters(40, 0, 40, 40, 0, 0, 0), engine.Counters);
        // 40 questions, 8 at a time, 2 attempts of 200 ms (timer granularity 50 ms): about 2 s, far below a hang.
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task Twenty_thousand_questions_with_256_in_flight_are_all_answered_each_with_its_own_question()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        string[] hosts = ["www", "mail", "mail2", "ns1", "ns2", "sip", "txt", "ftp"];
        // Half existing names, half distinct missing ones: an answer handed to the wrong query shows as a wrong question.
        var questions = Enumerable.Range(0, 20_000)
            .Select(i => i % 2 == 0 ? ($"{hosts[i / 2 % hosts.Length]}.static.test", (ushort)(i % 4 == 0 ? 1 : 28)) : ($"missing{i}.static.test", (ushort)1))
            .ToList();
        await using var engine = new DnsQueryEngine(Bind, new DnsQueryEngineOptions { Window = 256, Sockets = 4 });
        var started = TimeProvider.System.GetTimestamp();

        var seen = 0;
        var perQuestion = questions.GroupBy(q => q).ToDictionary(g => g.Key, g => g.Count());
        await foreach (var answer in engine.QueryManyAsync(questions, cancellationToken: ct))
        {
            seen++;
            Assert.True(answer.Answered, answer.Error);
            Assert.Equal(answer.Name + ".", answer.QuestionName, ignoreCase: true);
            Assert.Equal(answer.Type, answer.QuestionType);
            Assert.Equal(answer.Name.StartsWith("missing", StringComparison.Ordinal) ? "NXDOMAIN" : "NOERROR", answer.ResponseCodeName);
            perQuestion[(answer.Name, answer.Type)]--;
        }

        output.WriteLine($"{questions.Count} questions in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.00} s; {engine.Counters}");
        Assert.Equal(20_000, seen);
        Assert.All(perQuestion.Values, left => Assert.Equal(0, left));
        var counters = engine.Counters;
        Assert.Equal(20_000, counters.Sent);
        Assert.Equal(20_000, counters.Answered);
        Assert.Equal(0, counters.TimedOut);
    }

    private static string[] Set(IEnumerable<DnsRecordView> records) =>
        [.. records.Select(r => $"{r.Name.ToLowerInvariant()} {r.Ttl} {r.Class} {r.Type} {r.Data}").Order(StringComparer.Ordinal)];
}
