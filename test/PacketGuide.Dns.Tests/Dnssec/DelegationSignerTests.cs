using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Tests.Dnssec;

/// <summary>DS computation against values PowerDNS 4.7 returned for the same key (its cryptokeys "ds" list, digests 1, 2 and 4).</summary>
public sealed class DelegationSignerTests
{
    private const string PublicKey = "PIEoJWasppv7/9ZRyt6oe/7rG1TOqk3pTPY5ougrDRxC05cXAKJ5hZVJ8raGznIIiVl3CP+Dv1b7CD7A5SbmkQ==";

    [Theory]
    [InlineData(1, "18E2608F0D9341E98EB4AFCEA08E8C0E697B7761")]
    [InlineData(2, "CC16EF9B2D72741C80191C7A8470137B05492FFB9E1CFC66C2CA346D8848BA5E")]
    [InlineData(4, "94AAD705E1E0289C017F3B82CA16C2D08FE4FFE88E5C4DEE575E5560047E05FA11E51AFAC57F81F620811AB778CFB9E2")]
    public void Ds_of_a_powerdns_key_matches_what_powerdns_computed(int digestType, string digest)
    {
        var text = DelegationSigner.DsText("API.test", 256, 3, 13, Convert.FromBase64String(PublicKey), digestType);

        Assert.Equal($"api.test. IN DS 2053 13 {digestType} {digest}", text);
    }

    [Fact]
    public void Key_tag_follows_rfc_4034_appendix_b()
    {
        Assert.Equal(2053, DelegationSigner.KeyTag(DelegationSigner.DnsKeyData(256, 3, 13, Convert.FromBase64String(PublicKey))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void Unknown_digest_types_are_refused_with_the_choices(int digestType)
    {
        Assert.False(DelegationSigner.TryValidateDigestType(digestType, out var error));
        Assert.Contains("2 (SHA-256, the default)", error, StringComparison.Ordinal);
    }
}
