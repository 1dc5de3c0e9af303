using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Tests.Zones;

public sealed class ZoneSpecReaderTests
{
    private const string Good = """
        # a comment
        zone: example.com
        ttl: 300
        provider: pdns-main
        owner: netops
        ignore: ["_acme-challenge", "_acme-challenge.*"]
        safety: {max-update-percent: 50}
        dnssec: {enabled: true, algorithm: 15, nsec3: {iterations: 0, salt: "ab12"}}
        records:
          - {name: "@", type: MX, values: ["10 mail.example.com", "20 mx2.example.net."]}
          - {name: mail, type: A, value: 192.0.2.25}
          - {name: www, type: a, ttl: 60, values: [192.0.2.10, 192.0.2.11]}
          - {name: www.example.com, type: AAAA, value: "2001:DB8::10"}
          - {name: "@", type: TXT, value: "v=spf1 mx -all"}
          - {name: alias, type: CNAME, value: www.example.com}
        """;

    [Fact]
    public void A_good_spec_reads_into_absolute_rrsets_with_defaults_and_settings()
    {
        var (spec, findings) = ZoneSpecReader.Read(Good, "zones/example.com.yaml");

        Assert.Empty(findings);
        Assert.NotNull(spec);
        Assert.Equal("example.com.", spec.Zone);
        Assert.Equal(300, spec.DefaultTtl);
        Assert.Equal("pdns-main", spec.Provider);
        Assert.Equal("netops", spec.Owner);
        Assert.Equal(new ZoneSafety(MaxUpdatePercent: 50), spec.Safety);
        Assert.Equal(new ZoneDnssec(true, 15, false, true, 0, "ab12", false), spec.Dnssec);
        var sets = spec.RecordSets.Select(d => d.Set).ToList();
        Assert.Equal(new DnsRecordSet("www.example.com.", "A", 60, ["192.0.2.10", "192.0.2.11"]).ToString(), sets.Single(s => s.Type == "A" && s.Name.StartsWith('w')).ToString());
        Assert.Equal(["10 mail.example.com.", "20 mx2.example.net."], sets.Single(s => s.Type == "MX").Values);
        Assert.Equal(["2001:db8::10"], sets.Single(s => s.Type == "AAAA").Values);
        Assert.Equal(["\"v=spf1 mx -all\""], sets.Single(s => s.Type == "TXT").Values);
        Assert.Equal(300, sets.Single(s => s.Type == "TXT").Ttl);
        Assert.Equal(12, spec.RecordSets.Single(d => d.Set.Type == "A" && d.Set.Name.StartsWith('w')).Line);
    }

    [Theory]
    [InlineData("zone: example.com\nrecords:\n  - {name: www, type: A, value: 192.0.2.300}\n", 3, "value", "192.0.2.300")]
    [InlineData("zone: example.com\nrecords:\n  - {name: www.other.org., type: A, value: 192.0.2.1}\n", 3, "out-of-zone", "not inside the zone")]
    [InlineData("zone: example.com\nrecords:\n  - {name: www, type: A, ttl: -5, value: 192.0.2.1}\n", 3, "ttl", "-5")]
    [InlineData("zone: example.com\nrecords:\n  - {name: www, type: BOGUS, value: x}\n", 3, "type", "BOGUS")]
    [InlineData("zone: example.com\nrecords:\n  - {name: www, type: RRSIG, value: x}\n", 3, "server-owned", "dnssec")]
    [InlineData("zone: example.com\nrecords:\n  - {name: www, type: A, vaule: 192.0.2.1}\n", 3, "unknown-key", "vaule")]
    [InlineData("zone: example.com\nrecrods: []\n", 2, "unknown-key", "recrods")]
    [InlineData("records: []\n", 1, "zone", "zone:")]
    [InlineData("zone: example.com\nrecords:\n  - {name: a, type: A, value: 192.0.2.1}\n  - {name: a, type: A, value: 192.0.2.2}\n", 4, "rrset-twice", "line 3")]
    [InlineData("zone: example.com\nrecords:\n  - {name: a, type: CNAME, value: b.example.com}\n  - {name: a, type: TXT, value: x}\n  - {name: b, type: A, value: 192.0.2.1}\n", 3, "cname-exclusive", "TXT (line 4)")]
    [InlineData("zone: example.com\nrecords:\n  - {name: \"@\", type: CNAME, value: b.example.net}\n", 3, "cname-apex", "apex")]
    [InlineData("zone: example.com\nrecords:\n  - {name: \"@\", type: MX, value: 10 mail.example.com}\n", 3, "target-missing", "mail.example.com.")]
    [InlineData("zone: example.com\nrecords:\n  - {name: \"@\", type: MX, value: 10 alias.example.com}\n  - {name: alias, type: CNAME, value: x.example.net}\n", 3, "target-cname", "RFC 2181")]
    [InlineData("zone: example.com\ndnssec: {algorithm: 7}\n", 2, "dnssec", "algorithm 7")]
    [InlineData("zone: example.com\nrecords: [\n", 3, "yaml", "YAML")]
    [InlineData("zone: example.com\nrecords:\n  - {name: _pguide.www, type: TXT, value: x}\n", 3, "marker-name", "_pguide")]
    public void Each_error_names_the_line_the_rule_and_the_value(string yaml, int line, string rule, string fragment)
    {
        var (spec, findings) = ZoneSpecReader.Read(yaml, "z.yaml");

        Assert.Null(spec);
        var finding = findings.First(f => f.Severity == ZoneFindingSeverity.Error);
        Assert.Equal((line, rule), (finding.Line, finding.Rule));
        Assert.Contains(fragment, finding.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith($"z.yaml:{line}: error [{rule}] ", finding.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{name: www, type: CNAME, value: web}", "target-one-label")]
    [InlineData("{name: www, type: A, ttl: 5, value: 192.0.2.1}", "ttl-range")]
    [InlineData("{name: www, type: A, values: [192.0.2.1, 192.0.2.1]}", "duplicate-value")]
    [InlineData("{name: _acme-challenge, type: TXT, value: token}", "ignored-declared")]
    public void Warnings_do_not_stop_the_spec(string record, string rule)
    {
        var (spec, findings) = ZoneSpecReader.Read($"zone: example.com\nignore: [_acme-challenge]\nrecords:\n  - {record}\n", "z.yaml");

        Assert.NotNull(spec);
        Assert.Equal(rule, Assert.Single(findings).Rule);
        Assert.Equal(ZoneFindingSeverity.Warning, findings[0].Severity);
    }

    [Fact]
    public void Hostile_and_huge_input_is_refused_without_a_crash()
    {
        var longLabel = new string('a', 64);
        string[] hostile =
        [
            "",
            "- just a list",
            "zone: \"exa mple.com\"",
            $"zone: example.com\nrecords:\n  - {{name: {longLabel}, type: A, value: 192.0.2.1}}\n",
            "zone: example.com\nrecords:\n  - {name: \"www\\u0000\", type: A, value: 192.0.2.1}\n",
            "zone: example.com\nrecords: {name: www}\n",
            "zone: example.com\nrecords:\n  - [1, 2]\n",
            "zone: example.com\nrecords:\n  - {name: www, type: TXT, values: [[nested]]}\n",
            "zone: example.com\nttl: 99999999999999999999\n",
            "zone: &a example.com\nprovider: *a\nrecords: []\n",
        ];
        foreach (var text in hostile)
        {
            var (read, findings) = ZoneSpecReader.Read(text, "h.yaml");
            Assert.True(findings.Count > 0 || text.Contains("*a", StringComparison.Ordinal), text);
            if (text.Contains("*a", StringComparison.Ordinal))
            {
                Assert.Equal("example.com", read?.Provider); // an alias reads as the value it names
            }
        }

        var big = "zone: example.com\nrecords:\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"  - {{name: h{i}, type: A, value: 10.0.{i / 256 % 256}.{i % 256}}}\n"));
        var (spec, bigFindings) = ZoneSpecReader.Read(big, "big.yaml");
        Assert.Empty(bigFindings);
        Assert.Equal(20_000, spec!.RecordSets.Count);
    }

    [Fact]
    public void An_imported_spec_reads_back_to_the_same_rrsets()
    {
        DnsRecordSet[] live =
        [
            new("example.com.", "SOA", 3600, ["ns1.example.com. hostmaster.example.com. 7 3600 600 86400 300"]),
            new("example.com.", "NS", 3600, ["ns1.example.com.", "ns2.example.net."]),
            new("ns1.example.com.", "A", 3600, ["192.0.2.53"]),
            new("example.com.", "TXT", 300, ["\"v=spf1 -all\"", "\"quote \\\" and: colon, # hash\""]),
            new("*.apps.example.com.", "CNAME", 3600, ["ingress.example.net."]),
            new("_sip._tcp.example.com.", "SRV", 3600, ["10 60 5060 ns1.example.com."]),
            new("_pguide.ns1.example.com.", "TXT", 3600, ["\"heritage=pguide,owner=pguide,types=A\""]),
            new("k8s.example.com.", "TXT", 300, ["\"heritage=external-dns,external-dns/owner=default\""]),
            new("k8s.example.com.", "A", 300, ["192.0.2.99"]),
        ];

        var yaml = ZoneSpecWriter.Write("example.com.", live, "a test");
        var (spec, findings) = ZoneSpecReader.Read(yaml, "imported.yaml");

        Assert.True(findings.Count == 0, yaml + "\n" + string.Join("\n", findings));
        Assert.Equal(3600, spec!.DefaultTtl);
        var expected = live.Skip(1).Take(5).Select(s => (s with { Values = [.. s.Values.Order(StringComparer.Ordinal)] }).ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, spec.RecordSets.Select(d => d.Set.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains("2 RRsets external-dns owns", yaml, StringComparison.Ordinal);
    }
}
