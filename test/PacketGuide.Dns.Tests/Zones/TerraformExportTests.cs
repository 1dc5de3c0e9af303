using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Tests.Zones;

/// <summary>
/// The .tfvars text for deploy/terraform/modules/dns-zone: names relative, TTLs against the default, values per type,
/// HCL escaping that no record content can break out of, and every RRset the module cannot hold reported with a reason.
/// (TerraformModuleTests in the integration tests run HashiCorp's HCL parser over the same output.)
/// </summary>
public sealed class TerraformExportTests
{
    private static DnsRecordSet Set(string name, string type, int ttl, params string[] values) => new(name, type, ttl, values);

    [Fact]
    public void Writes_zone_default_ttl_and_one_line_per_rrset_apex_first_with_relative_names()
    {
        var result = TerraformExport.ToTfvars("example.com.", 3600,
        [
            Set("www.example.com.", "A", 3600, "192.0.2.11", "192.0.2.10"),
            Set("example.com.", "MX", 300, "20 mx2.example.com.", "10 mail.example.com"),
            Set("www.example.com.", "AAAA", 3600, "2001:db8::10"),
        ]);

        Assert.Empty(result.Skipped);
        Assert.Contains("\nzone        = \"example.com\"\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("\ndefault_ttl = 3600\n", result.Text, StringComparison.Ordinal);
        var lines = result.Text.Split('\n').Where(l => l.StartsWith("  {", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "  { name = \"@\", type = \"MX\", ttl = 300, values = [\"10 mail.example.com.\", \"20 mx2.example.com.\"] },",
            "  { name = \"www\", type = \"A\", values = [\"192.0.2.10\", \"192.0.2.11\"] },",
            "  { name = \"www\", type = \"AAAA\", values = [\"2001:db8::10\"] },",
        ], lines);
    }

    [Fact]
    public void Every_supported_type_maps_and_host_names_become_absolute()
    {
        var result = TerraformExport.ToTfvars("example.com", 60,
        [
            Set("a.example.com.", "A", 60, "192.0.2.1"),
            Set("a.example.com.", "AAAA", 60, "2001:db8::1"),
            Set("alias.example.com.", "CNAME", 60, "a.example.com"),
            Set("example.com.", "MX", 60, "10  mail.example.com."),
            Set("sub.example.com.", "NS", 60, "ns1.sub.example.com", "ns2.sub.example.com."),
            Set("1.example.com.", "PTR", 60, "host.example.net"),
            Set("_sip._tcp.example.com.", "SRV", 60, "10 5 5060 sip.example.com"),
            Set("example.com.", "TXT", 60, "\"v=spf1 -all\""),
        ]);

        Assert.Empty(result.Skipped);
        Assert.Equal(TerraformExport.ResourceByType.Keys.Order(StringComparer.Ordinal), new[] { "A", "AAAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT" });
        Assert.Contains("type = \"CNAME\", values = [\"a.example.com.\"]", result.Text, StringComparison.Ordinal);
        Assert.Contains("type = \"MX\", values = [\"10 mail.example.com.\"]", result.Text, StringComparison.Ordinal);
        Assert.Contains("type = \"NS\", values = [\"ns1.sub.example.com.\", \"ns2.sub.example.com.\"]", result.Text, StringComparison.Ordinal);
        Assert.Contains("name = \"1\", type = \"PTR\", values = [\"host.example.net.\"]", result.Text, StringComparison.Ordinal);
        Assert.Contains("name = \"_sip._tcp\", type = \"SRV\", values = [\"10 5 5060 sip.example.com.\"]", result.Text, StringComparison.Ordinal);
        Assert.Contains("name = \"@\", type = \"TXT\", values = [\"v=spf1 -all\"]", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"v=spf1 -all\"", "v=spf1 -all")]
    [InlineData("\"v=DKIM1; k=rsa; \" \"p=MIIB\"", "v=DKIM1; k=rsa; p=MIIB")]
    [InlineData("unquoted", "unquoted")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"caf\\195\\169\"", "café")]
    [InlineData("\"tab\\009nl\\010\"", "tab\tnl\n")]
    [InlineData("\"\"", "")]
    public void Txt_presentation_becomes_the_records_text(string presentation, string text)
    {
        Assert.True(TerraformExport.TryTxtText(presentation, out var actual, out var reason), reason);
        Assert.Equal(text, actual);
    }

    [Theory]
    [InlineData("\"unclosed", "unclosed quote")]
    [InlineData("\"bad \\25\"", "three digits")]
    [InlineData("\"big \\300\"", "over 255")]
    [InlineData("\"trailing \\", "lone backslash")]
    [InlineData("\"latin1 \\233\"", "not UTF-8")]
    public void Txt_presentation_that_cannot_be_text_is_refused_with_the_reason(string presentation, string reasonPart)
    {
        Assert.False(TerraformExport.TryTxtText(presentation, out _, out var reason));
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a \"q\" b", "\"a \\\"q\\\" b\"")]
    [InlineData("c:\\path\\", "\"c:\\\\path\\\\\"")]
    [InlineData("${var.secret}", "\"$${var.secret}\"")]
    [InlineData("%{ if true }x%{ endif }", "\"%%{ if true }x%%{ endif }\"")]
    [InlineData("$${already}", "\"$$${already}\"")]
    [InlineData("cost $5 {braces} 100%", "\"cost $5 {braces} 100%\"")]
    [InlineData("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\"")]
    [InlineData("nul\u0000bell\u0007del\u007f", "\"nul\\u0000bell\\u0007del\\u007F\"")]
    [InlineData("ls\u2028ps\u2029bom\ufeff", "\"ls\\u2028ps\\u2029bom\\uFEFF\"")]
    [InlineData("é ☃ 😀", "\"é ☃ 😀\"")]
    public void Hcl_strings_are_escaped_so_content_is_never_a_template(string value, string hcl)
    {
        Assert.Equal(hcl, TerraformExport.Quote(value));
    }

    [Fact]
    public void Hostile_txt_content_stays_inside_its_string()
    {
        var hostile = "\"x\\\" ] } ]\\010records = [] # ${file(\\\"/etc/shadow\\\")} %{ for x in y }\\\\\"";
        var result = TerraformExport.ToTfvars("example.com", 3600, [Set("t.example.com.", "TXT", 3600, hostile)]);

        Assert.Empty(result.Skipped);
        var line = Assert.Single(result.Text.Split('\n'), l => l.Contains("\"t\"", StringComparison.Ordinal));
        Assert.Equal(
            "  { name = \"t\", type = \"TXT\", values = [\"x\\\" ] } ]\\nrecords = [] # $${file(\\\"/etc/shadow\\\")} %%{ for x in y }\\\\\"] },",
            line);
        Assert.Single(result.Text.Split('\n'), l => l.StartsWith("records", StringComparison.Ordinal));
    }

    [Fact]
    public void Rrsets_the_module_cannot_hold_are_skipped_with_reasons_and_listed_in_a_comment()
    {
        DnsRecordSet[] sets =
        [
            Set("example.com.", "SOA", 3600, "ns1.example.com. hostmaster.example.com. 1 3600 600 86400 300"),
            Set("example.com.", "NS", 3600, "ns1.example.com."),
            Set("example.com.", "CAA", 3600, "0 issue \"letsencrypt.org\""),
            Set("example.com.", "DNSKEY", 3600, "257 3 13 abc"),
            Set("example.com.", "CNAME", 3600, "elsewhere.example.net."),
            Set("multi.example.com.", "PTR", 3600, "a.example.com.", "b.example.com."),
            Set("bad.example.com.", "MX", 3600, "mail.example.com."),
            Set("bad.example.com.", "SRV", 3600, "1 2 sip.example.com."),
            Set("www.example.net.", "A", 3600, "192.0.2.1"),
            Set("bin.example.com.", "TXT", 3600, "\"\\255\\254\""),
            Set("\nrecords = [].example.com.", "TLSA", 3600, "3 1 1 abcd"),
            Set("ok.example.com.", "A", 3600, "192.0.2.9"),
        ];

        var result = TerraformExport.ToTfvars("example.com", 3600, sets);

        Assert.Equal(sets.Length - 1, result.Skipped.Count);
        Assert.Equal(sets[..^1], result.Skipped.Select(s => s.Set));
        Assert.All(result.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Contains("keeps the SOA", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("apex NS", result.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Contains("no resource for CAA", result.Skipped[2].Reason, StringComparison.Ordinal);
        Assert.Contains("signer", result.Skipped[3].Reason, StringComparison.Ordinal);
        Assert.Contains("below the apex", result.Skipped[4].Reason, StringComparison.Ordinal);
        Assert.Contains("one target", result.Skipped[5].Reason, StringComparison.Ordinal);
        Assert.Contains("PREFERENCE HOST", result.Skipped[6].Reason, StringComparison.Ordinal);
        Assert.Contains("PRIORITY WEIGHT PORT TARGET", result.Skipped[7].Reason, StringComparison.Ordinal);
        Assert.Contains("not inside example.com", result.Skipped[8].Reason, StringComparison.Ordinal);
        Assert.Contains("not UTF-8", result.Skipped[9].Reason, StringComparison.Ordinal);

        Assert.Contains("# Not exported (11; ", result.Text, StringComparison.Ordinal);
        Assert.Contains("#   example.com. CAA: hashicorp/dns has no resource for CAA records\n", result.Text, StringComparison.Ordinal);
        // A name with a line break cannot start a line of its own in the comment block.
        Assert.Contains("#   ?records = [].example.com. TLSA:", result.Text, StringComparison.Ordinal);
        Assert.Single(result.Text.Split('\n'), l => l.StartsWith("records", StringComparison.Ordinal));
        Assert.Contains("{ name = \"ok\", type = \"A\", values = [\"192.0.2.9\"] }", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_zone_is_an_empty_list()
    {
        var result = TerraformExport.ToTfvars("example.com", 300, []);

        Assert.Contains("records     = []\n", result.Text, StringComparison.Ordinal);
        Assert.Empty(result.Skipped);
    }
}
