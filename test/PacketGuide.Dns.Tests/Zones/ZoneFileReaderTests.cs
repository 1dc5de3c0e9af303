using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Tests.Zones;

public sealed class ZoneFileReaderTests
{
    private const string Zone = """
        ; a comment line
        $ORIGIN example.com.
        $TTL 300
        @    IN SOA ns1.example.com. hostmaster.example.com. (
                    2026112601 ; serial
                    3600 600 86400 300 )
             IN NS  ns1.example.com.
        ns1  IN A   192.0.2.53
        big  60 IN TXT "semi;colon (paren) \"quote\"" "second"
        after IN A  192.0.2.1 ; BIND gives this $TTL, not the 60 above
        zero 0 IN A 192.0.2.2
        """;

    [Fact]
    public void Parentheses_comments_quotes_and_ttl_defaults_read_as_the_servers_read_them()
    {
        var sets = ZoneFileReader.Read(Zone, "example.com.", "db.example.com");

        Assert.Equal(["2026112601"], sets.Single(s => s.Type == "SOA").Values.Select(v => v.Split(' ')[2]));
        Assert.Equal(RecordValues.Key("TXT", "\"semi;colon (paren) \\\"quote\\\"\" \"second\""), RecordValues.Key("TXT", sets.Single(s => s.Type == "TXT").Values.Single()));
        Assert.Equal(60, sets.Single(s => s.Type == "TXT").Ttl);
        Assert.Equal(300, sets.Single(s => s.Name == "after.example.com.").Ttl);
        Assert.Equal(["192.0.2.53"], sets.Single(s => s.Name == "ns1.example.com.").Values);
    }

    [Theory]
    [InlineData("; only comments\n$TTL 300\n")]
    [InlineData("")]
    public void A_file_without_records_is_an_empty_zone(string text) =>
        Assert.Empty(ZoneFileReader.Read(text, "example.com.", "f"));

    [Theory]
    [InlineData("www IN A not-an-address\n")]
    [InlineData("other.org. 300 IN A 192.0.2.1\n")]
    public void A_file_with_records_that_cannot_be_read_is_an_error_naming_the_file(string text)
    {
        var error = Assert.Throws<FormatException>(() => ZoneFileReader.Read("$TTL 300\n" + text, "example.com.", "db.example.com"));
        Assert.StartsWith("db.example.com: ", error.Message, StringComparison.Ordinal);
    }
}
