using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Tests.Dnssec;

public sealed class DnssecSettingsTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Supported_algorithms_are_valid(int algorithm) =>
        Assert.True(new DnssecSettings(true, algorithm).TryValidate(out _));

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(16)]
    public void Other_algorithms_are_refused_naming_the_choices(int algorithm)
    {
        Assert.False(new DnssecSettings(true, algorithm).TryValidate(out var error));
        Assert.Contains("13 (ECDSAP256SHA256, the default)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "", true)]
    [InlineData(0, "-", true)]
    [InlineData(10, "AB12", true)]
    [InlineData(101, "", false)]
    [InlineData(-1, "", false)]
    [InlineData(0, "abc", false)]
    [InlineData(0, "zz", false)]
    public void Nsec3_iterations_and_salt_are_checked(int iterations, string salt, bool valid) =>
        Assert.Equal(valid, new DnssecSettings(true, Nsec3: new Nsec3Settings(iterations, salt)).TryValidate(out _));

    [Fact]
    public void Nsec3_text_and_bind_policy_names_follow_the_settings()
    {
        Assert.Equal("1 0 5 ab12", new Nsec3Settings(5, "AB12").ParamText);
        Assert.Equal("1 1 0 -", PowerDnsDnssecManager.PowerDnsNsec3Param(new Nsec3Settings(OptOut: true)));
        Assert.Equal("default", BindDnssecPolicy.NameFor(new DnssecSettings(true)));
        Assert.Null(BindDnssecPolicy.Block(new DnssecSettings(true)));
        var split = new DnssecSettings(true, 13, SplitKeys: true, new Nsec3Settings());
        Assert.Equal("pguide-a13-split-nsec3-i0-s0", BindDnssecPolicy.NameFor(split));
        Assert.Equal(
            "dnssec-policy \"pguide-a13-split-nsec3-i0-s0\" {\n    keys { ksk lifetime unlimited algorithm ecdsap256sha256; zsk lifetime unlimited algorithm ecdsap256sha256; };\n" +
            "    nsec3param iterations 0 optout no salt-length 0;\n};",
            BindDnssecPolicy.Block(split));
    }
}
