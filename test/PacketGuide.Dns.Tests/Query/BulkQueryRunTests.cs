using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

public sealed class BulkQueryRunTests
{
    private static DnsAnswer Answer(int index) => new() { Name = "n.example.test", Type = 1, Index = index };

    [Fact]
    public async Task Threads_taking_and_delivering_at_once_complete_the_run_exactly_when_the_last_answer_is_in()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Questions = 400_000;
        var delivered = 0;
        var run = new BulkQueryRun(Enumerable.Range(0, Questions).Select(i => ($"n{i}.example.test", (ushort)1)), dnssecOk: false,
            _ => delivered++);

        // Four threads do what the receive loops do: deliver an answer, take the next question in its place.
        var threads = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (run.TryTake(out var question))
            {
                run.Deliver(Answer(question.Index));
            }
        }, ct)).ToArray();
        await Task.WhenAll(threads);

        Assert.False(run.Completion.IsCompleted, "the feeder still holds the run open");
        run.FeederDone();
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(Questions, delivered);
    }

    [Fact]
    public async Task A_sequence_that_throws_ends_the_run_with_its_exception_after_what_was_taken_is_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        static IEnumerable<(string, ushort)> Questions()
        {
            yield return ("a.example.test", 1);
            throw new FormatException("bad question file");
        }

        var run = new BulkQueryRun(Questions(), dnssecOk: false, _ => { });
        Assert.True(run.TryTake(out var first));
        Assert.False(run.TryTake(out _));
        run.FeederDone();
        Assert.False(run.Completion.IsCompleted, "the first question is still in flight");

        run.Deliver(Answer(first.Index));

        var thrown = await Assert.ThrowsAsync<FormatException>(() => run.Completion.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal("bad question file", thrown.Message);
    }

    [Fact]
    public void A_stopped_run_takes_no_question_and_hands_over_no_answer()
    {
        var handed = 0;
        var run = new BulkQueryRun([("a.example.test", 1), ("b.example.test", 1)], dnssecOk: false, _ => handed++);
        Assert.True(run.TryTake(out var first));

        run.Stop();
        run.Deliver(Answer(first.Index));

        Assert.False(run.TryTake(out _));
        Assert.Equal(0, handed);
    }
}
