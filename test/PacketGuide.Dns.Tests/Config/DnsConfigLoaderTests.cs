using PacketGuide.Dns.Config;

namespace PacketGuide.Dns.Tests.Config;

public sealed class DnsConfigLoaderTests
{
    [Fact]
    public void Providers_are_read_with_their_secrets_as_references()
    {
        var providers = DnsConfigLoader.ParseProviders("pguide.yaml", """
            # PacketGuide
            dns:
              providers:
                main:
                  type: powerdns
                  url: http://127.0.0.1:8081/api/v1/servers/localhost
                  api-key: env:PDNS_KEY
                  zones: [example.com, example.net.]
                lab:
                  type: powerdns
                  url: https://pdns.lab:8443/api/v1/servers/localhost
                  api-key: file:/etc/pguide/lab.key
            """);

        Assert.Equal(["main", "lab"], providers.Select(p => p.Name));
        Assert.Equal("env:PDNS_KEY", providers[0].ApiKey!.Reference);
        Assert.Equal(["example.com.", "example.net."], providers[0].Zones);
        Assert.Equal("pguide.yaml:4", providers[0].Location);
        Assert.Equal("https", providers[1].Url!.Scheme);
    }

    [Theory]
    [InlineData("dns: [", "pguide.yaml:2", "not valid YAML")] // YamlDotNet reports the end of input
    [InlineData("other: 1", "pguide.yaml", "no dns.providers section")]
    [InlineData("dns:\n  providers:\n    p:\n      type: route53\n", "pguide.yaml:4", "'route53' is not supported")]
    [InlineData("dns:\n  providers:\n    p:\n      type: powerdns\n      url: ftp://x\n      api-key: env:K\n", "pguide.yaml:5", "not an http(s) URL")]
    [InlineData("dns:\n  providers:\n    p:\n      type: powerdns\n      url: http://x/\n", "pguide.yaml:3", "needs api-key")]
    [InlineData("dns:\n  providers:\n    p:\n      type: powerdns\n      url: http://x/\n      api-key: [a]\n", "pguide.yaml:6", "must be a single value")]
    [InlineData("dns:\n  providers:\n    p: just-a-string\n", "pguide.yaml:3", "must be a mapping")]
    public void Errors_name_file_line_and_key(string yaml, string place, string expected)
    {
        var error = Assert.Throws<DnsConfigException>(() => DnsConfigLoader.ParseProviders("pguide.yaml", yaml));
        Assert.StartsWith(place, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pasted_secret_is_refused_and_not_repeated()
    {
        var error = Assert.Throws<DnsConfigException>(() => DnsConfigLoader.ParseProviders("p.yaml",
            "dns:\n  providers:\n    p:\n      type: powerdns\n      url: http://x/\n      api-key: s3cr3t-Value-91\n"));
        Assert.Contains("env:NAME or file:/path", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-Value-91", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_references_resolve_from_the_environment_or_a_file_and_say_what_is_missing()
    {
        Assert.Equal("k1", new SecretReference("env:K").Resolve(n => n == "K" ? "k1" : null));
        Assert.Contains("env:K: the environment variable is not set", Assert.Throws<DnsConfigException>(() => new SecretReference("env:K").Resolve(_ => null)).Message,
            StringComparison.Ordinal);

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "  from-file  \nsecond line\n");
            Assert.Equal("from-file", new SecretReference("file:" + path).Resolve(_ => null));
            File.WriteAllText(path, "\n");
            Assert.Contains("first line is empty", Assert.Throws<DnsConfigException>(() => new SecretReference("file:" + path).Resolve(_ => null)).Message,
                StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Contains("cannot read the file", Assert.Throws<DnsConfigException>(() => new SecretReference("file:/nonexistent/key").Resolve(_ => null)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc2136_providers_take_a_server_zones_and_a_key_file_or_an_inline_key_with_a_referenced_secret()
    {
        var providers = DnsConfigLoader.ParseProviders("pguide.yaml", """
            dns:
              providers:
                bind-file:
                  type: rfc2136
                  server: 192.0.2.53:5353
                  zones: [Dyn.Example.com]
                  tsig-key-file: /etc/bind/ddns-key.conf
                bind-inline:
                  type: rfc2136
                  server: 2001:db8::53
                  zones: [dyn.example.com]
                  tsig-key: { name: ddns-key, algorithm: hmac-sha512, secret: env:DDNS_SECRET }
            """);

        Assert.Equal("192.0.2.53:5353", providers[0].Server!.ToString());
        Assert.Equal(["dyn.example.com."], providers[0].Zones);
        Assert.Equal("/etc/bind/ddns-key.conf", providers[0].TsigKeyFile);
        Assert.Equal("[2001:db8::53]:53", providers[1].Server!.ToString());
        Assert.Equal(("ddns-key", "hmac-sha512", "env:DDNS_SECRET"), (providers[1].TsigName, providers[1].TsigAlgorithm, providers[1].TsigSecret!.Reference));
    }

    [Theory]
    [InlineData("      server: 192.0.2.53\n", "needs zones")]
    [InlineData("      zones: [a.example]\n", "needs server")]
    [InlineData("      server: ns1.example.com\n      zones: [a.example]\n", "not an IP address")]
    [InlineData("      server: 192.0.2.53\n      zones: [a.example]\n      tsig-key: { name: k, secret: c2VjcmV0 }\n", "must be env:NAME or file:/path")]
    public void Rfc2136_errors_say_what_is_missing(string body, string expected)
    {
        var error = Assert.Throws<DnsConfigException>(() =>
            DnsConfigLoader.ParseProviders("pguide.yaml", "dns:\n  providers:\n    b:\n      type: rfc2136\n" + body));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }
}
