using System.Net;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

public sealed class QueryInputTests
{
    [Theory]
    [InlineData("@192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5300", "192.0.2.53:5300")]
    [InlineData("@[2001:db8::53]:5353", "[2001:db8::53]:5353")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("@::1", "[::1]:53")]
    public void Servers_are_read_like_dig_writes_them(string text, string expected)
    {
        Assert.True(DnsServer.TryParse(text, 53, out var server, out var error), error);
        Assert.Equal(expected, server.ToString());
    }

    [Theory]
    [InlineData("@ns1.example.com", "not an IP address")]
    [InlineData("@192.0.2.53:0", "port must be")]
    [InlineData("@192.0.2.53:70000", "port must be")]
    [InlineData("@192.0.2.53:x", "port must be")]
    [InlineData("@[2001:db8::53", "missing ']'")]
    [InlineData("@[2001:db8::53]x", "port must be")]
    [InlineData("@", "not an IP address")]
    public void Bad_servers_say_what_is_wrong(string text, string expected)
    {
        Assert.False(DnsServer.TryParse(text, 53, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("www.example.com", "www.example.com.")]
    [InlineData("www.example.com.", "www.example.com.")]
    [InlineData(".", ".")]
    [InlineData("_sip._tcp.example.com", "_sip._tcp.example.com.")]
    [InlineData("*.example.com", "*.example.com.")]
    [InlineData("bücher.example", "xn--bcher-kva.example.")]
    [InlineData("ÄÖÜ.example.", "xn--4ca0bs.example.")] // IDNA maps to lower case first: äöü
    public void Names_become_fully_qualified_ascii(string text, string expected)
    {
        Assert.True(QueryName.TryNormalize(text, out var name, out var error), error);
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Hostile_names_are_refused_with_the_rule_they_break()
    {
        string Error(string text)
        {
            Assert.False(QueryName.TryNormalize(text, out _, out var error));
            return error;
        }

        Assert.Contains("empty name", Error(""), StringComparison.Ordinal);
        Assert.Contains("empty label", Error("a..b"), StringComparison.Ordinal);
        Assert.Contains("empty label", Error(".a"), StringComparison.Ordinal);
        Assert.Contains("at most 63", Error(new string('a', 64) + ".example"), StringComparison.Ordinal);
        Assert.Contains("a name is at most 255", Error(string.Join('.', Enumerable.Repeat(new string('a', 60), 5))), StringComparison.Ordinal);
        Assert.Contains("space or control", Error("a b.example"), StringComparison.Ordinal);
        var control = Error("a\u0001b.example\n");
        Assert.Contains("\\x01", control, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", control, StringComparison.Ordinal);
        Assert.True(QueryName.TryNormalize(new string('a', 63) + ".example", out _, out _));
    }

    [Theory]
    [InlineData("A", 1)]
    [InlineData("aaaa", 28)]
    [InlineData("HTTPS", 65)]
    [InlineData("CAA", 257)]
    [InlineData("TYPE65534", 65534)]
    [InlineData("type99", 99)]
    public void Types_by_name_or_number(string text, int expected)
    {
        Assert.True(DnsRecordTypes.TryParse(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("TYPE70000")]
    [InlineData("TYPE")]
    [InlineData("www")]
    public void Non_types_are_not_types(string text) => Assert.False(DnsRecordTypes.TryParse(text, out _));

    [Fact]
    public void Type_names_round_trip_and_unknown_numbers_use_rfc3597()
    {
        Assert.Equal("NSEC3PARAM", DnsRecordTypes.Name(51));
        Assert.Equal("TYPE65534", DnsRecordTypes.Name(65534));
    }

    [Theory]
    [InlineData("192.0.2.10", "10.2.0.192.in-addr.arpa.")]
    [InlineData("2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.")]
    public void Reverse_names(string address, string expected) => Assert.Equal(expected, ReverseName.For(IPAddress.Parse(address)));

    [Fact]
    public async Task Resolv_conf_gives_its_nameservers_and_skips_the_rest()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "# comment\nsearch example.com\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\nnameserver not-an-ip\noptions ndots:2\n",
                TestContext.Current.CancellationToken);
            var servers = await ResolvConf.ReadServersAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(["192.0.2.53:53", "[fe80::1]:53"], servers.Select(s => s.ToString()));
            Assert.Empty(await ResolvConf.ReadServersAsync(path + ".missing", TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
