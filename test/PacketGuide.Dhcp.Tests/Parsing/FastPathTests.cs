using System.Text;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Tests.Parsing;

/// <summary>The shortcuts taken for speed must give what the general code gives.</summary>
public sealed class FastPathTests
{
    [Theory]
    [InlineData("lease 10.0.0.1 has been allocated for 3600 seconds", "10.0.0.1")]
    [InlineData("address 192.168.1.20/24, will be advertised", "192.168.1.20")]
    [InlineData("client requests 3600 then 10.1.2.3.", "10.1.2.3")]
    [InlineData("lease 999.1.1.1 and 10.0.0.2,", "10.0.0.2")]
    [InlineData("x10.0.0.1 is not a token start", "")]
    [InlineData("1.2.3 1.2.3.4.5 01.2.3.4.5", "")]
    [InlineData("", "")]
    public void First_IPv4_token(string text, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(Utf8Text.FirstIPv4Token(Encoding.ASCII.GetBytes(text))));

    [Theory]
    [InlineData("01:00:0c:a1:b2:c3", true)]
    [InlineData("ff", true)]
    [InlineData("01:0:0c", false)]
    [InlineData("01:00:", false)]
    [InlineData("01::00", false)]
    [InlineData("01:00:0g", false)]
    [InlineData(":01:00", false)]
    [InlineData("", false)]
    public void Canonical_hex_octets_agree_with_the_hashing_validator(string text, bool canonical)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.Equal(canonical, Utf8Text.IsCanonicalHexOctets(bytes));
        if (canonical)
        {
            Assert.True(Utf8Text.TryHashHexOctets(bytes, out _));
        }
    }

    [Fact]
    public void Kea_stamps_in_the_same_second_reuse_it_and_still_check_every_line()
    {
        var cache = new KeaTimestampCache();
        string[] stamps =
        [
            "2026-11-26 12:56:11.751", "2026-11-26 12:56:11.752", "2026-11-26 12:56:11.7x2", "2026-11-26 12:56:11,752",
            "2026-11-26 12:56:12.000", "2026-02-30 12:56:12.000", "2026-11-26 12:56:11.999", "2028-02-29 23:59:60.001",
        ];

        foreach (var stamp in stamps)
        {
            var bytes = Encoding.ASCII.GetBytes(stamp + " INFO");
            var expectedOk = LogTimestamp.TryParseKea(bytes, out var expected);

            Assert.Equal(expectedOk, cache.TryParse(bytes, out var actual));
            Assert.Equal(expected, actual);
        }
    }
}
