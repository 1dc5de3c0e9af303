using PacketGuide.Dns.Config;

namespace PacketGuide.Dns.Tests.Dnssec;

/// <summary>pguide.yaml keys for DNSSEC: PowerDNS's DNS address (server) and BIND's rndc section.</summary>
public sealed class DnssecConfigTests
{
    [Fact]
    public void Powerdns_server_and_rfc2136_rndc_are_read()
    {
        var providers = DnsConfigLoader.ParseProviders("p.yaml",
            "dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: http://127.0.0.1:8081/api/v1/servers/localhost\n      api-key: env:K\n      server: 127.0.0.1:5300\n" +
            "    bind:\n      type: rfc2136\n      server: 127.0.0.1:5301\n      zones: [a.test]\n      rndc: { server: 127.0.0.1:9531, key-file: /etc/bind/rndc.key }\n");

        Assert.Equal("127.0.0.1:5300", providers[0].DnsAddress!.ToString());
        Assert.Equal("127.0.0.1:9531", providers[1].RndcServer!.ToString());
        Assert.Equal("/etc/bind/rndc.key", providers[1].RndcKeyFile);
    }

    [Fact]
    public void An_rndc_section_without_a_key_file_names_the_key()
    {
        var error = Assert.Throws<DnsConfigException>(() => DnsConfigLoader.ParseProviders("p.yaml",
            "dns:\n  providers:\n    bind:\n      type: rfc2136\n      server: 127.0.0.1\n      zones: [a.test]\n      rndc: { server: 127.0.0.1 }\n"));

        Assert.Contains("dns.providers.bind.rndc needs key-file", error.Message, StringComparison.Ordinal);
    }
}
