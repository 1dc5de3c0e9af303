using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

/// <summary>
/// The engine's matching, window and timeout logic against an in-process UDP responder on 127.0.0.1 that echoes each
/// query back as an empty answer (QR set), or does not answer at all. Real servers are in the integration tests.
/// </summary>
public sealed class DnsQueryEngineTests
{
    [Fact]
    public async Task An_answer_with_another_question_or_another_id_is_dropped_and_the_right_one_is_taken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var responder = new EchoResponder(decoys: true);
        await using var engine = new DnsQueryEngine(responder.Server, new DnsQueryEngineOptions { Sockets = 1 });

        var answer = await engine.QueryAsync("www.example.test", 1, cancellationToken: ct);

        Assert.True(answer.Answered);
        Assert.Equal("www.example.test.", answer.QuestionName);
        Assert.Equal(1, answer.QuestionType);
        Assert.Equal("NOERROR", answer.ResponseCodeName);
        Assert.True(answer.IsNoData);
        // The decoys: same id with a different question, then the right question under an id nothing waits for.
        Assert.Equal(2, engine.Counters.Unmatched);
        Assert.Equal(new DnsQueryEngineCounters(1, 1, 0, 0, 0, 0, 2), engine.Counters);
    }

    [Fact]
    public async Task Many_questions_through_a_small_window_are_each_answered_once_with_their_own_question()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var responder = new EchoResponder(decoys: false);
        // No retries here: a retry is a second datagram of the same query, which the responder would count as one more in flight.
        await using var engine = new DnsQueryEngine(responder.Server,
            new DnsQueryEngineOptions { Sockets = 3, Window = 16, Timeout = TimeSpan.FromSeconds(30), MinimumRetryTimeout = TimeSpan.FromSeconds(30) });
        var questions = Enumerable.Range(0, 3000).Select(i => ($"n{i}.example.test", (ushort)(i % 2 == 0 ? 1 : 28))).ToList();

        var answers = await engine.QueryAllAsync(questions, cancellationToken: ct);

        Assert.Equal(questions.Count, answers.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            Assert.Equal(questions[i].Item1 + ".", answers[i].QuestionName);
            Assert.Equal(questions[i].Item2, answers[i].QuestionType);
        }

        Assert.True(responder.MostInFlight <= 16, $"{responder.MostInFlight} queries were in flight at once");
        Assert.Equal(new DnsQueryEngineCounters(3000, 3000, 0, 0, 0, 0, 0), engine.Counters);
    }

    [Fact]
    public async Task A_silent_server_is_asked_again_after_each_timeout_then_given_up_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new DnsServer(IPAddress.Loopback, ((IPEndPoint)silent.LocalEndPoint!).Port);
        await using var engine = new DnsQueryEngine(server, new DnsQueryEngineOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 2 }, time);

        var pending = Enumerable.Range(0, 10).Select(i => engine.QueryAsync($"q{i}.example.test", 1, cancellationToken: ct)).ToList();
        while (engine.Counters.Sent < 10)
        {
            await Task.Delay(5, ct);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, engine.Counters.Retried);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(20, engine.Counters.Retried);
        Assert.All(pending, t => Assert.False(t.IsCompleted));
        time.Advance(TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(pending);
        Assert.All(answers, a =>
        {
            Assert.Equal(DnsAnswerStatus.TimedOut, a.Status);
            Assert.Equal(3, a.Attempts);
            Assert.Contains("after 3 attempt(s)", a.Error, StringComparison.Ordinal);
        });
        Assert.Equal(new DnsQueryEngineCounters(10, 0, 10, 20, 0, 0, 0), engine.Counters);
    }

    [Fact]
    public async Task A_cancelled_query_leaves_the_window_and_an_invalid_name_fails_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var engine = new DnsQueryEngine(new DnsServer(IPAddress.Loopback, ((IPEndPoint)silent.LocalEndPoint!).Port),
            new DnsQueryEngineOptions { Window = 1, Timeout = TimeSpan.FromMinutes(1) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var first = engine.QueryAsync("a.example.test", 1, cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        // The window of 1 is free again: this question is sent (and fails on its own, being no domain name).
        await Assert.ThrowsAsync<ArgumentException>(() => engine.QueryAsync("bad..name", 1, cancellationToken: ct));
    }

    [Fact]
    public async Task Disposing_the_engine_ends_a_bulk_run_that_waits_for_a_silent_server()
    {
        var ct = TestContext.Current.CancellationToken;
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var engine = new DnsQueryEngine(new DnsServer(IPAddress.Loopback, ((IPEndPoint)silent.LocalEndPoint!).Port),
            new DnsQueryEngineOptions { Timeout = TimeSpan.FromMinutes(1) });
        var run = engine.QueryAllAsync([("a.example.test", 1), ("b.example.test", 1)], cancellationToken: ct);
        while (engine.Counters.Sent < 2)
        {
            await Task.Delay(5, ct);
        }

        await engine.DisposeAsync();

        var answers = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.All(answers, a => Assert.Equal(DnsAnswerStatus.Failed, a.Status));
    }

    [Fact]
    public async Task Bulk_runs_over_several_sockets_hand_over_every_question_once_and_never_two_answers_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var responder = new EchoResponder(decoys: false);
        await using var engine = new DnsQueryEngine(responder.Server,
            new DnsQueryEngineOptions { Sockets = 4, Window = 64, Timeout = TimeSpan.FromSeconds(30), MinimumRetryTimeout = TimeSpan.FromSeconds(30) });
        var questions = Enumerable.Range(0, 2000).Select(i => ($"n{i}.example.test", (ushort)1)).ToList();

        // Several runs: the place an answer frees is refilled from the receive threads, so a lost count would hang one.
        for (var run = 0; run < 10; run++)
        {
            var seen = new int[questions.Count];
            var inside = 0;
            var overlapped = 0;
            await engine.QueryEachAsync(questions, dnssecOk: false, answer =>
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlapped);
                }

                Assert.Equal(questions[answer.Index].Item1 + ".", answer.QuestionName);
                seen[answer.Index]++;
                Interlocked.Decrement(ref inside);
            }, ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            Assert.All(seen, count => Assert.Equal(1, count));
            Assert.Equal(0, overlapped);
        }

        Assert.Equal(new DnsQueryEngineCounters(20_000, 20_000, 0, 0, 0, 0, 0), engine.Counters);
    }

    [Fact]
    public async Task A_callback_that_throws_stops_its_run_with_that_exception_and_frees_the_window()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var responder = new EchoResponder(decoys: false);
        await using var engine = new DnsQueryEngine(responder.Server, new DnsQueryEngineOptions { Sockets = 2, Window = 8 });
        var questions = Enumerable.Range(0, 500).Select(i => ($"n{i}.example.test", (ushort)1)).ToList();
        var calls = 0;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.QueryEachAsync(questions, false, _ =>
        {
            if (++calls == 10)
            {
                throw new InvalidOperationException("the consumer failed");
            }
        }, ct).WaitAsync(TimeSpan.FromSeconds(60), ct));

        Assert.Equal("the consumer failed", thrown.Message);
        Assert.Equal(10, calls);
        // Every place of the window came back: a full run through the same engine completes.
        var answers = await engine.QueryAllAsync(questions, cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.All(answers, a => Assert.True(a.Answered));
    }

    [Fact]
    public async Task A_cancelled_bulk_run_stops_handing_over_answers_when_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var responder = new EchoResponder(decoys: false);
        await using var engine = new DnsQueryEngine(responder.Server, new DnsQueryEngineOptions { Sockets = 2, Window = 16 });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var calls = 0;
        var returned = false;
        var lateCalls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.QueryEachAsync(
            Enumerable.Range(0, 1_000_000).Select(i => ($"n{i}.example.test", (ushort)1)), false, _ =>
            {
                lateCalls += Volatile.Read(ref returned) ? 1 : 0;
                if (++calls == 100)
                {
                    cancel.Cancel();
                }
            }, cancel.Token).WaitAsync(TimeSpan.FromSeconds(60), ct));
        Volatile.Write(ref returned, true);
        var callsWhenReturned = calls;
        await Task.Delay(200, ct);

        Assert.InRange(callsWhenReturned, 100, 100 + 16);
        Assert.Equal(callsWhenReturned, calls);
        Assert.Equal(0, lateCalls);
    }

    /// <summary>Answers each query with itself, QR set: an empty NOERROR answer to exactly the question asked.</summary>
    private sealed class EchoResponder : IAsyncDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly bool _decoys;

        public EchoResponder(bool decoys)
        {
            _decoys = decoys;
            _loop = RunAsync();
        }

        public DnsServer Server => new(IPAddress.Loopback, ((IPEndPoint)_udp.Client.LocalEndPoint!).Port);

        /// <summary>Queries received minus answers sent, at most (the engine's window bounds it).</summary>
        public int MostInFlight { get; private set; }

        private async Task RunAsync()
        {
            var received = new Queue<UdpReceiveResult>();
            try
            {
                while (true)
                {
                    // Gather what has arrived before answering, so the window's bound is visible.
                    received.Enqueue(await _udp.ReceiveAsync(_stop.Token));
                    while (_udp.Available > 0)
                    {
                        received.Enqueue(await _udp.ReceiveAsync(_stop.Token));
                    }

                    MostInFlight = Math.Max(MostInFlight, received.Count);
                    while (received.TryDequeue(out var query))
                    {
                        var answer = query.Buffer.ToArray();
                        answer[2] |= 0x80;
                        if (_decoys)
                        {
                            var otherQuestion = answer.ToArray();
                            otherQuestion[13] = (byte)'z'; // first letter of the first label
                            await _udp.SendAsync(otherQuestion, query.RemoteEndPoint, _stop.Token);
                            var otherId = answer.ToArray();
                            otherId[0] ^= 0x5a;
                            await _udp.SendAsync(otherId, query.RemoteEndPoint, _stop.Token);
                        }

                        await _udp.SendAsync(answer, query.RemoteEndPoint, _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _udp.Dispose();
            _stop.Dispose();
        }
    }
}
