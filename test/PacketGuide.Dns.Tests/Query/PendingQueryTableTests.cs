using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

public sealed class PendingQueryTableTests
{
    private static PendingQuery Query(string name = "www.example.test") => new(name, 1, false, new byte[30]);

    [Fact]
    public void Ids_are_distinct_while_pending_and_patched_into_the_packet()
    {
        var table = new PendingQueryTable();
        var queries = Enumerable.Range(0, 5000).Select(_ => Query()).ToList();
        var ids = queries.Select(table.Add).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(queries, q => Assert.Equal(q.Id, (ushort)((q.Packet[0] << 8) | q.Packet[1])));
        Assert.All(queries, q => Assert.Same(q, table.Find(q.Id)));
        Assert.Equal(5000, table.Count);
    }

    [Fact]
    public void A_random_source_that_repeats_itself_still_gets_a_free_id()
    {
        // Every draw says 7: the first query gets 7, the next ones probe on from there and never reuse a pending id.
        var table = new PendingQueryTable(_ => 7);
        var first = Query();
        var second = Query();
        var third = Query();

        Assert.Equal(7, table.Add(first));
        Assert.Equal(8, table.Add(second));
        Assert.Equal(9, table.Add(third));

        // Once 7 is answered it may be given out again.
        Assert.True(table.Remove(first));
        Assert.Equal(7, table.Add(Query()));
    }

    [Fact]
    public void Only_one_of_an_answer_and_a_timeout_removes_a_query()
    {
        var table = new PendingQueryTable();
        var query = Query();
        table.Add(query);

        Assert.True(table.Remove(query));
        Assert.False(table.Remove(query));
        Assert.Null(table.Find(query.Id));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_later_query_under_a_reused_id_is_not_removed_for_the_earlier_one()
    {
        var table = new PendingQueryTable(_ => 42);
        var early = Query();
        table.Add(early);
        table.Remove(early);
        var late = Query();
        table.Add(late);

        Assert.False(table.Remove(early));
        Assert.Same(late, table.Find(42));
    }

    [Fact]
    public void A_full_id_space_is_refused()
    {
        var table = new PendingQueryTable();
        for (var i = 0; i <= ushort.MaxValue; i++)
        {
            table.Add(Query());
        }

        Assert.Throws<InvalidOperationException>(() => table.Add(Query()));
    }

    [Fact]
    public void Queries_due_for_a_retry_are_those_last_sent_before_the_cutoff()
    {
        var table = new PendingQueryTable();
        var old = Query();
        old.LastSent = 100;
        var recent = Query();
        recent.LastSent = 500;
        table.Add(old);
        table.Add(recent);

        Assert.Equal([old], table.SentBefore(200));
        Assert.Equal(2, table.RemoveAll().Count);
        Assert.Empty(table.SentBefore(1000));
    }

    [Fact]
    public void Answers_match_by_name_ignoring_case_and_by_type_and_class_before_anything_is_decoded()
    {
        var packet = new DnsQueryEncoder(recursion: false, udpPayloadSize: 1232).Encode("WWW.Example.test", 28, dnssecOk: false);
        var query = new PendingQuery("WWW.Example.test", 28, false, packet);
        byte[] Answer(Action<byte[]> change)
        {
            var bytes = packet.ToArray();
            bytes[2] |= 0x80; // QR
            change(bytes);
            return bytes;
        }

        // The question starts at byte 12: 3 'w' 'w' 'w' 7 'e' 'x' ... 4 't' 'e' 's' 't' 0, type, class.
        var typeAt = 12 + "WWW.Example.test".Length + 2;
        Assert.True(query.IsAnsweredBy(Answer(_ => { })));
        Assert.True(query.IsAnsweredBy(Answer(b => { b[13] = (byte)'w'; b[17] = (byte)'E'; b[20] = (byte)'M'; })));
        Assert.False(query.IsAnsweredBy(packet.ToArray()), "a query (QR clear) is no answer");
        Assert.False(query.IsAnsweredBy(Answer(b => b[typeAt + 1] = 1)), "another type");
        Assert.False(query.IsAnsweredBy(Answer(b => b[typeAt + 3] = 3)), "another class");
        Assert.False(query.IsAnsweredBy(Answer(b => b[14] = (byte)'v')), "another name");
        Assert.False(query.IsAnsweredBy(Answer(b => b[12] = 3 | 0x20)), "only letters fold: a label length of 3 is not '#'");
        Assert.False(query.IsAnsweredBy(Answer(b => b[5] = 0)), "no question");
        Assert.False(query.IsAnsweredBy(Answer(b => { b[12] = 0xC0; b[13] = 12; })), "a compression pointer in the question");
        Assert.False(query.IsAnsweredBy(Answer(_ => { }).AsSpan(0, typeAt + 2)), "cut inside the question");
    }
}
