using System.Net;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

public sealed class DnsComparisonTests
{
    private static DnsExchange Answer(int port, string rcode, params (string Data, long Ttl)[] records) => new()
    {
        Server = new DnsServer(IPAddress.Loopback, port),
        Name = "www.example.test.",
        Type = 1,
        ResponseCode = rcode,
        Answers = [.. records.Select(r => new DnsRecordView("www.example.test.", r.Ttl, "IN", "A", r.Data))],
    };

    [Fact]
    public void Same_records_with_other_ttls_agree()
    {
        var c = DnsComparison.Of([Answer(1, "NOERROR", ("192.0.2.1", 300), ("192.0.2.2", 300)), Answer(2, "NOERROR", ("192.0.2.2", 120), ("192.0.2.1", 120))]);

        Assert.True(c.Agree);
        Assert.Equal(2, c.Rows.Count);
        Assert.Equal([300L, 120L], c.Rows[0].Ttls.Select(t => t!.Value));
    }

    [Fact]
    public void A_missing_record_a_different_rcode_or_a_silent_server_disagree()
    {
        var missing = DnsComparison.Of([Answer(1, "NOERROR", ("192.0.2.1", 300), ("192.0.2.2", 300)), Answer(2, "NOERROR", ("192.0.2.1", 300))]);
        Assert.False(missing.Agree);
        Assert.False(missing.Rows.Single(r => r.Data == "192.0.2.2").OnEveryServer);
        Assert.Null(missing.Rows.Single(r => r.Data == "192.0.2.2").Ttls[1]);

        Assert.False(DnsComparison.Of([Answer(1, "NOERROR"), Answer(2, "NXDOMAIN")]).Agree);
        var silent = Answer(2, "") with { Error = "no answer over udp" };
        Assert.False(DnsComparison.Of([Answer(1, "NOERROR"), silent]).Agree);
        Assert.True(DnsComparison.Of([Answer(1, "NXDOMAIN"), Answer(2, "NXDOMAIN")]).Agree);
    }

    [Fact]
    public void Owner_names_compare_case_insensitively()
    {
        var upper = Answer(2, "NOERROR") with { Answers = [new DnsRecordView("WWW.Example.TEST.", 300, "IN", "A", "192.0.2.1")] };
        Assert.True(DnsComparison.Of([Answer(1, "NOERROR", ("192.0.2.1", 300)), upper]).Agree);
    }
}
