using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Tests.Providers;

public sealed class RecordInputTests
{
    [Theory]
    [InlineData("www", "www.example.com.")]
    [InlineData("@", "example.com.")]
    [InlineData("WWW.Example.COM.", "www.example.com.")]
    [InlineData("_sip._tcp", "_sip._tcp.example.com.")]
    [InlineData("bücher", "xn--bcher-kva.example.com.")]
    [InlineData("www.example.com", "www.example.com.")]
    [InlineData("example.com", "example.com.")]
    public void Owners_are_absolute_and_in_the_zone(string name, string expected)
    {
        Assert.True(RecordInput.TryOwner("example.com.", name, out var owner, out var error), error);
        Assert.Equal(expected, owner);
    }

    [Theory]
    [InlineData("www.example.org.", "not inside the zone")]
    [InlineData("notexample.com.", "not inside the zone")]
    [InlineData("a..b", "empty label")]
    [InlineData("a b", "space or control")]
    public void Owners_outside_the_zone_or_malformed_are_refused(string name, string expected)
    {
        Assert.False(RecordInput.TryOwner("example.com.", name, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A", "192.0.2.1", "192.0.2.1")]
    [InlineData("AAAA", "2001:DB8::1", "2001:db8::1")]
    [InlineData("CNAME", "Target.Example.NET", "target.example.net.")]
    [InlineData("MX", "10  mail.example.com", "10 mail.example.com.")]
    [InlineData("MX", "0 .", "0 .")]
    [InlineData("SRV", "10 60 5060 sip.example.com.", "10 60 5060 sip.example.com.")]
    [InlineData("TXT", "v=spf1 -all", "\"v=spf1 -all\"")]
    [InlineData("TXT", "say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"")]
    [InlineData("TXT", "\"already\" \"quoted\"", "\"already\" \"quoted\"")]
    [InlineData("TXT", "grüße", "\"gr\\195\\188\\195\\159e\"")]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\"")]
    public void Values_are_checked_and_written_as_providers_store_them(string type, string value, string expected)
    {
        Assert.True(RecordInput.TryValues(type, [value], out var values, out var error), error);
        Assert.Equal(expected, Assert.Single(values));
    }

    [Theory]
    [InlineData("A", "192.0.2.256", "not an IPv4 address")]
    [InlineData("A", "2001:db8::1", "not an IPv4 address")]
    [InlineData("A", "10.1", "not an IPv4 address")]
    [InlineData("AAAA", "192.0.2.1", "not an IPv6 address")]
    [InlineData("MX", "mail.example.com", "PREFERENCE HOST")]
    [InlineData("MX", "70000 mail.example.com", "PREFERENCE HOST")]
    [InlineData("SRV", "10 60 sip.example.com", "PRIORITY WEIGHT PORT TARGET")]
    [InlineData("CNAME", "bad..target", "empty label")]
    [InlineData("TXT", "\"unclosed", "unclosed quote")]
    [InlineData("TXT", "\"a\" b", "outside quotes")]
    [InlineData("CAA", "", "empty")]
    public void Bad_values_name_the_value_and_the_rule(string type, string value, string expected)
    {
        Assert.False(RecordInput.TryValues(type, [value], out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_plain_text_becomes_255_octet_strings_and_long_quoted_strings_are_refused()
    {
        Assert.True(RecordInput.TryValues("TXT", [new string('x', 600)], out var values, out _));
        var strings = values[0].Split("\" \"");
        Assert.Equal([255, 255, 90], strings.Select(s => s.Trim('"').Length));

        Assert.False(RecordInput.TryValues("TXT", ["\"" + new string('x', 256) + "\""], out _, out var error));
        Assert.Contains("longer than 255 octets", error, StringComparison.Ordinal);
        Assert.True(RecordInput.TryValues("TXT", ["\"" + new string('x', 255) + "\""], out _, out _));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2147483647, true)]
    [InlineData(-1, false)]
    [InlineData(2147483648, false)]
    public void Ttl_range_is_rfc_2181s(long ttl, bool valid) => Assert.Equal(valid, RecordInput.TryTtl(ttl, out _));
}
