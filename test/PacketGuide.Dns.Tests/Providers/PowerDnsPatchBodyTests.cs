using System.Text.Json;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Tests.Providers;

/// <summary>The PATCH body against PowerDNS's documented rrsets contract (changetype REPLACE with ttl and records; DELETE without).</summary>
public sealed class PowerDnsPatchBodyTests
{
    [Fact]
    public void Replace_and_delete_follow_the_api_contract()
    {
        var body = PowerDnsProvider.PatchBody(
        [
            new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("www.example.test.", "a", 60, ["192.0.2.10", "192.0.2.11"])),
            new DnsChange(DnsChangeKind.Delete, new DnsRecordSet("old.example.test.", "TXT", 0, ["ignored"])),
        ]);

        using var json = JsonDocument.Parse(body);
        var rrsets = json.RootElement.GetProperty("rrsets");
        Assert.Equal(2, rrsets.GetArrayLength());
        var replace = rrsets[0];
        Assert.Equal("www.example.test.", replace.GetProperty("name").GetString());
        Assert.Equal("A", replace.GetProperty("type").GetString());
        Assert.Equal("REPLACE", replace.GetProperty("changetype").GetString());
        Assert.Equal(60, replace.GetProperty("ttl").GetInt32());
        Assert.Equal(["192.0.2.10", "192.0.2.11"], replace.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("content").GetString()));
        Assert.All(replace.GetProperty("records").EnumerateArray(), r => Assert.False(r.GetProperty("disabled").GetBoolean()));
        var delete = rrsets[1];
        Assert.Equal("DELETE", delete.GetProperty("changetype").GetString());
        Assert.False(delete.TryGetProperty("records", out _));
        Assert.False(delete.TryGetProperty("ttl", out _));
    }

    [Fact]
    public void Quotes_and_backslashes_in_values_are_json_escaped_not_altered()
    {
        var body = PowerDnsProvider.PatchBody([new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("t.example.test.", "TXT", 300, ["\"say \\\"hi\\\"\""]))]);

        using var json = JsonDocument.Parse(body);
        Assert.Equal("\"say \\\"hi\\\"\"", json.RootElement.GetProperty("rrsets")[0].GetProperty("records")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Record_sets_compare_values_as_sets_and_names_without_case()
    {
        var a = new DnsRecordSet("WWW.example.test.", "A", 60, ["192.0.2.1", "192.0.2.2"]);
        Assert.True(a.SameAs(new DnsRecordSet("www.example.test.", "a", 60, ["192.0.2.2", "192.0.2.1"])));
        Assert.False(a.SameAs(a with { Ttl = 61 }));
        Assert.False(a.SameAs(a with { Values = ["192.0.2.1"] }));
    }
}
