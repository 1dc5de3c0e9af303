using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Tests.Dnssec;

public sealed class SignatureHealthTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static SignatureWindow Sig(string owner, string type, int key, double daysLeft) =>
        new(owner, type, key, s_now.AddDays(-1), s_now.AddDays(daysLeft));

    [Fact]
    public void Earliest_expiry_days_left_and_the_warning_window()
    {
        var health = SignatureHealth.Evaluate("example.test",
            [("example.test.", "SOA"), ("example.test.", "DNSKEY"), ("www.example.test.", "A")],
            [Sig("example.test.", "SOA", 2, 10), Sig("example.test.", "DNSKEY", 1, 20), Sig("www.example.test.", "A", 2, 5.5)],
            [(1, 257), (2, 256)], s_now);

        Assert.Equal("www.example.test.", health.EarliestExpiry!.Owner);
        Assert.Equal(5.5, health.DaysUntilEarliestExpiry!.Value, 6);
        Assert.Empty(health.Findings(5));
        Assert.Contains("expires in 5.5 days", Assert.Single(health.Findings(7)), StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_signatures_unsigned_rrsets_idle_keys_and_unknown_signers_are_reported_but_delegations_and_glue_are_not()
    {
        var health = SignatureHealth.Evaluate("example.test.",
            [("example.test.", "SOA"), ("example.test.", "DNSKEY"), ("www.example.test.", "A"), ("sub.example.test.", "NS"),
             ("ns.sub.example.test.", "A"), ("sub.example.test.", "DS"), ("new.example.test.", "TXT")],
            [Sig("example.test.", "SOA", 2, -0.5), Sig("example.test.", "DNSKEY", 1, 20), Sig("www.example.test.", "A", 99, 9),
             Sig("sub.example.test.", "DS", 2, 9)],
            [(1, 257), (2, 256), (3, 256)], s_now);

        Assert.Equal(["new.example.test. TXT"], health.UnsignedRrsets);
        Assert.Equal(["example.test. SOA (key 2)"], health.InvalidNow);
        Assert.Equal([3], health.KeysWithoutSignatures);
        Assert.Equal([99], health.UnknownSigningKeys);
        Assert.Equal(5, health.RrsetCount);
        var findings = health.Findings(7);
        Assert.Contains(findings, f => f.Contains("expired 0.5 days ago", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("which the zone does not publish", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_signing_key_that_does_not_sign_the_dnskey_rrset_is_a_finding()
    {
        var health = SignatureHealth.Evaluate("example.test.", [("example.test.", "DNSKEY")], [Sig("example.test.", "DNSKEY", 2, 20)],
            [(1, 257), (2, 256)], s_now);

        Assert.Equal([1], health.SepKeysNotSigningKeys);
        Assert.Contains(health.Findings(7), f => f.Contains("key signing key(s) 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signature_window_knows_when_it_is_valid()
    {
        var window = Sig("a.test.", "A", 1, 2);

        Assert.True(window.IsValidAt(s_now));
        Assert.False(window.IsValidAt(s_now.AddDays(2)));
        Assert.False(window.IsValidAt(s_now.AddDays(-2)));
        Assert.Equal(-1, window.DaysLeft(s_now.AddDays(3)), 6);
    }
}
