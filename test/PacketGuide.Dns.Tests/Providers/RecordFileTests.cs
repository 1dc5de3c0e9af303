using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Tests.Providers;

public sealed class RecordFileTests
{
    private static readonly string[] s_zones = ["example.com.", "sub.example.com.", "2.0.192.in-addr.arpa."];

    [Fact]
    public void Rows_group_into_rrsets_in_the_longest_zone_and_txt_may_hold_commas()
    {
        var (sets, errors) = RecordFile.Read(
        [
            "name,type,ttl,value",
            "# hosts",
            "www.example.com,A,300,192.0.2.1",
            "www.example.com,A,300,192.0.2.2",
            "www.example.com,A,300,192.0.2.2",
            "host.sub.example.com.,AAAA,60,2001:db8::1",
            "example.com,TXT,300,a, b, and c",
            "10.2.0.192.in-addr.arpa,PTR,300,www.example.com",
            "",
        ], s_zones, "hosts.csv");

        Assert.Empty(errors);
        Assert.Equal(4, sets.Count);
        var www = sets.Single(s => s.Set.Name == "www.example.com.");
        Assert.Equal("example.com.", www.Zone);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], www.Set.Values);
        Assert.Equal("sub.example.com.", sets.Single(s => s.Set.Type == "AAAA").Zone);
        Assert.Equal("\"a, b, and c\"", sets.Single(s => s.Set.Type == "TXT").Set.Values[0]);
        Assert.Equal("www.example.com.", sets.Single(s => s.Set.Type == "PTR").Set.Values[0]);
    }

    [Fact]
    public void The_header_may_follow_comments_but_only_the_first_row_can_be_one()
    {
        var (sets, errors) = RecordFile.Read(
        [
            "# exported from the IPAM",
            "",
            "Name,Type,TTL,Value",
            "www.example.com,A,300,192.0.2.1",
            "name,type,ttl,value",
        ], s_zones, "hosts.csv");

        Assert.Equal("www.example.com.", Assert.Single(sets).Set.Name);
        Assert.StartsWith("hosts.csv:5: ", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line()
    {
        var (_, errors) = RecordFile.Read(
        [
            "www.example.com,A,300,192.0.2.300",
            "www.example.org,A,300,192.0.2.1",
            "x.example.com,A,soon,192.0.2.1",
            "y.example.com,A,300",
            "z.example.com,A,300,192.0.2.1",
            "z.example.com,A,600,192.0.2.2",
            "a..example.com,A,300,192.0.2.1",
        ], s_zones, "bad.csv");

        Assert.Equal(6, errors.Count);
        Assert.StartsWith("bad.csv:1: A value '192.0.2.300'", errors[0], StringComparison.Ordinal);
        Assert.Contains("bad.csv:2: www.example.org. is in none of the provider's zones", errors[1], StringComparison.Ordinal);
        Assert.Contains("bad.csv:3: TTL 'soon'", errors[2], StringComparison.Ordinal);
        Assert.Contains("bad.csv:4: expected name,type,ttl,value", errors[3], StringComparison.Ordinal);
        Assert.Contains("bad.csv:6: z.example.com. A has TTL 600 here and 300 on line 5", errors[4], StringComparison.Ordinal);
        Assert.Contains("bad.csv:7:", errors[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_records_give_the_same_rrsets_and_errors_name_the_line()
    {
        var (sets, errors) = RecordFile.ReadYaml("""
            records:
              - { name: www.example.com, type: A, ttl: 300, values: [192.0.2.1, 192.0.2.2] }
              - name: example.com
                type: TXT
                value: "v=spf1 -all"
              - name: bad.example.com
                type: A
                value: not-an-ip
              - { name: x.example.com, type: A }
            """, s_zones, "records.yaml");

        Assert.Equal(["records.yaml:6: A value 'not-an-ip' is not an IPv4 address.", "records.yaml:9: a record needs name, type and value or values"], errors);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], sets.Single(s => s.Set.Type == "A").Set.Values);
        Assert.Equal(3600, sets.Single(s => s.Set.Type == "TXT").Set.Ttl);
        Assert.Equal("\"v=spf1 -all\"", sets.Single(s => s.Set.Type == "TXT").Set.Values[0]);

        Assert.StartsWith("r.yaml: expected 'records:'", RecordFile.ReadYaml("other: 1", s_zones, "r.yaml").Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("r.yaml:2: not valid YAML", RecordFile.ReadYaml("records: [", s_zones, "r.yaml").Errors[0], StringComparison.Ordinal); // YamlDotNet: the end of input
    }
}
