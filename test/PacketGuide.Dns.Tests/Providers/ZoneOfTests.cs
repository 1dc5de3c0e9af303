using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Tests.Providers;

public sealed class ZoneOfTests
{
    private static readonly string[] s_zones = ["example.test.", "sub.example.test.", "2.0.192.in-addr.arpa."];

    [Theory]
    [InlineData("www.example.test.", "example.test.")]
    [InlineData("www.example.test", "example.test.")]
    [InlineData("example.test.", "example.test.")]
    [InlineData("WWW.Sub.Example.TEST.", "sub.example.test.")]
    [InlineData("sub.example.test.", "sub.example.test.")]
    [InlineData("a.b.sub.example.test.", "sub.example.test.")]
    [InlineData("42.2.0.192.in-addr.arpa.", "2.0.192.in-addr.arpa.")]
    public void The_longest_zone_holding_the_name_wins(string name, string zone) =>
        Assert.Equal(zone, DnsRecordEditor.ZoneOf(s_zones, name));

    [Theory]
    [InlineData("xexample.test.")]
    [InlineData("example.test.org.")]
    [InlineData("test.")]
    [InlineData("12.2.0.193.in-addr.arpa.")]
    public void A_name_only_ending_in_the_same_letters_is_in_no_zone(string name) =>
        Assert.Null(DnsRecordEditor.ZoneOf(s_zones, name));
}
