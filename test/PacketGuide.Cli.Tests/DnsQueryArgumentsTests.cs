using PacketGuide.Cli.Dns;
using PacketGuide.Dns.Query;

namespace PacketGuide.Cli.Tests;

public sealed class DnsQueryArgumentsTests
{
    private static DnsQueryArguments Parse(params string[] tokens) =>
        DnsQueryArguments.Parse(tokens, null, 53, new DnsQueryOptions(), out var error) ?? throw new InvalidOperationException(error);

    private static string Fails(string? reverse, params string[] tokens)
    {
        Assert.Null(DnsQueryArguments.Parse(tokens, reverse, 53, new DnsQueryOptions(), out var error));
        return error!;
    }

    [Fact]
    public void Name_types_servers_and_plus_options_in_any_order()
    {
        var a = Parse("+dnssec", "@192.0.2.53", "www.example.com", "AAAA", "@192.0.2.54:5300", "a", "+norec", "+tcp", "+timeout=5", "+tries=3", "+short");

        Assert.Equal([("www.example.com.", (ushort)28), ("www.example.com.", (ushort)1)], a.Questions);
        Assert.Equal(["192.0.2.53:53", "192.0.2.54:5300"], a.Servers.Select(s => s.ToString()));
        Assert.True(a.Options.DnssecOk);
        Assert.True(a.Options.TcpOnly);
        Assert.False(a.Options.Recursion);
        Assert.Equal(TimeSpan.FromSeconds(5), a.Options.Timeout);
        Assert.Equal(2, a.Options.Retries);
        Assert.True(a.Short);
    }

    [Fact]
    public void Defaults_are_an_A_query_and_no_servers()
    {
        var a = Parse("example.com");

        Assert.Equal([("example.com.", (ushort)1)], a.Questions);
        Assert.Empty(a.Servers);
        Assert.False(a.Options.TcpOnly);
        Assert.True(a.Options.Recursion);
    }

    [Fact]
    public void A_name_that_looks_like_a_type_is_a_name_when_it_comes_first()
    {
        Assert.Equal("mx.", Parse("mx", "A").Questions[0].Name);
    }

    [Fact]
    public void Reverse_lookups_ask_for_ptr_unless_a_type_is_given()
    {
        var a = DnsQueryArguments.Parse(["@127.0.0.1"], "192.0.2.10", 53, new DnsQueryOptions(), out _)!;
        Assert.Equal([("10.2.0.192.in-addr.arpa.", (ushort)12)], a.Questions);
        Assert.Contains("not an IPv4 or IPv6 address", Fails("192.0.2.300"), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_name_the_token_and_the_fix()
    {
        Assert.Contains("give a name", Fails(null, "@192.0.2.53"), StringComparison.Ordinal);
        Assert.Contains("'+bogus' is not an option", Fails(null, "example.com", "+bogus"), StringComparison.Ordinal);
        Assert.Contains("'+timeout=0'", Fails(null, "example.com", "+timeout=0"), StringComparison.Ordinal);
        Assert.Contains("'WHAT' is not a record type", Fails(null, "example.com", "WHAT"), StringComparison.Ordinal);
        Assert.Contains("not an IP address", Fails(null, "example.com", "@ns1.example.net"), StringComparison.Ordinal);
        Assert.Contains("at most 63", Fails(null, new string('x', 64) + ".com"), StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_lines_give_names_and_types_and_the_command_line_the_rest()
    {
        string[] lines = ["# names", "www.example.com", "", "mail.example.com MX A", "  _sip._tcp.example.com   SRV  "];
        var a = DnsQueryArguments.Parse(["@192.0.2.53", "+short", "AAAA"], null, 53, new DnsQueryOptions(), out var error, lines)!;

        Assert.Null(error);
        Assert.Equal([("www.example.com.", (ushort)28), ("mail.example.com.", (ushort)15), ("mail.example.com.", (ushort)1), ("_sip._tcp.example.com.", (ushort)33)],
            a.Questions);
        Assert.True(a.Short);
        Assert.Single(a.Servers);
        Assert.Equal((ushort)1, DnsQueryArguments.Parse(["@192.0.2.53"], null, 53, new DnsQueryOptions(), out _, ["x.example"])!.Questions[0].Type);
    }

    [Fact]
    public void Batch_errors_name_the_line()
    {
        string Error(string[] tokens, params string[] lines)
        {
            Assert.Null(DnsQueryArguments.Parse(tokens, null, 53, new DnsQueryOptions(), out var error, lines));
            return error!;
        }

        Assert.Contains("line 2: 'BOGUS' is not a record type", Error([], "a.example", "b.example BOGUS"), StringComparison.Ordinal);
        Assert.Contains("line 1:", Error([], "a..example"), StringComparison.Ordinal);
        Assert.Contains("names come from the file", Error(["www.example.com"], "a.example"), StringComparison.Ordinal);
        Assert.Contains("no names", Error([], "# only a comment", ""), StringComparison.Ordinal);
    }
}
