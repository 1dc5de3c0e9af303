using PacketGuide.Dns.Validation;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>--watch prints only changes: new findings, resolved ones and severity changes; moving figures in messages are not changes.</summary>
public sealed class ValidationDiffTests
{
    private static ValidationFinding F(string check, ValidationSeverity severity, string subject, string message = "m", string? server = null, string zone = "example.com.") =>
        new(check, severity, zone, server, subject, message);

    [Fact]
    public void Reports_new_resolved_and_severity_changes()
    {
        var before = ValidationSamples.With(
            F("soa-serial", ValidationSeverity.Error, "example.com. SOA", server: "ns2"),
            F("rrsig-validity", ValidationSeverity.Warning, "example.com. SOA", "expires in 3 days"),
            F("ttl-bounds", ValidationSeverity.Warning, "www.example.com. A"));
        var after = ValidationSamples.With(
            F("rrsig-validity", ValidationSeverity.Error, "example.com. SOA", "expired 1 hour ago"),
            F("ttl-bounds", ValidationSeverity.Warning, "www.example.com. A"),
            F("cname-loop", ValidationSeverity.Error, "a.example.com. CNAME"));

        var diff = ValidationDiff.Between(before, after);

        Assert.False(diff.IsEmpty);
        Assert.Equal("cname-loop", Assert.Single(diff.New).CheckId);
        Assert.Equal("soa-serial", Assert.Single(diff.Resolved).CheckId);
        var change = Assert.Single(diff.SeverityChanged);
        Assert.Equal((ValidationSeverity.Warning, ValidationSeverity.Error), (change.Before.Severity, change.After.Severity));
        Assert.Equal("expired 1 hour ago", change.After.Message);
    }

    [Fact]
    public void A_message_whose_figures_moved_is_not_a_change_and_an_identical_run_is_empty()
    {
        var before = ValidationSamples.With(F("rrsig-validity", ValidationSeverity.Warning, "example.com. SOA", "expires in 3 days 2 hours"));
        var after = ValidationSamples.With(F("rrsig-validity", ValidationSeverity.Warning, "example.com. SOA", "expires in 3 days 1 hour"));

        Assert.True(ValidationDiff.Between(before, after).IsEmpty);
        Assert.True(ValidationDiff.Between(after, after).IsEmpty);
    }

    [Fact]
    public void The_same_subject_on_another_server_or_zone_is_another_finding()
    {
        var before = ValidationSamples.With(F("soa-serial", ValidationSeverity.Error, "example.com. SOA", server: "ns2"));
        var after = ValidationSamples.With(
            F("soa-serial", ValidationSeverity.Error, "example.com. SOA", server: "ns3"),
            F("soa-serial", ValidationSeverity.Error, "example.com. SOA", server: "ns2", zone: "example.org."));

        var diff = ValidationDiff.Between(before, after);

        Assert.Equal(2, diff.New.Count);
        Assert.Equal("ns2", Assert.Single(diff.Resolved).Server);
    }

    [Fact]
    public void Repeated_findings_with_one_identity_are_paired_in_order()
    {
        var one = F("duplicate-record", ValidationSeverity.Warning, "www.example.com. A", "192.0.2.1 twice");
        var before = ValidationSamples.With(one, one with { Message = "192.0.2.2 twice" });
        var after = ValidationSamples.With(one);

        var diff = ValidationDiff.Between(before, after);

        Assert.Empty(diff.New);
        Assert.Equal("192.0.2.2 twice", Assert.Single(diff.Resolved).Message);
        Assert.Single(ValidationDiff.Between(after, before).New);
    }
}
