using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>Exit codes (0 clean, 1 at or above --fail-on, 3 a server unreachable) and the --fail-on parser.</summary>
public sealed class ValidationExitTests
{
    private static ValidationFinding F(string check, ValidationSeverity severity) => new(check, severity, "example.com.", "ns1", "example.com. SOA", "m");

    [Theory]
    [InlineData(ValidationSeverity.Error, 0)]
    [InlineData(ValidationSeverity.Warning, 1)]
    public void Warnings_fail_only_with_fail_on_warning(ValidationSeverity failOn, int expected) =>
        Assert.Equal(expected, ValidationExit.Code(ValidationSamples.With(F("ttl-bounds", ValidationSeverity.Warning), F("extra-served", ValidationSeverity.Info)), failOn));

    [Fact]
    public void Errors_fail_info_never_does_and_a_clean_run_is_zero()
    {
        Assert.Equal(1, ValidationExit.Code(ValidationSamples.With(F("soa-serial", ValidationSeverity.Error)), ValidationSeverity.Error));
        Assert.Equal(0, ValidationExit.Code(ValidationSamples.With(F("latency", ValidationSeverity.Info)), ValidationSeverity.Warning));
        Assert.Equal(0, ValidationExit.Code(ValidationSamples.With(), ValidationSeverity.Warning));
    }

    [Fact]
    public void An_unreachable_server_is_three_whatever_else_was_found()
    {
        Assert.Equal(3, ValidationExit.Code(ValidationSamples.Unreachable(), ValidationSeverity.Error));
        Assert.Equal(3, ValidationExit.Code(ValidationSamples.With(F("soa-serial", ValidationSeverity.Error), F("reachable", ValidationSeverity.Error)), ValidationSeverity.Warning));
        // A lame or slow-to-answer server reported as a warning is a finding, not "unreachable".
        Assert.Equal(1, ValidationExit.Code(ValidationSamples.With(F("reachable", ValidationSeverity.Warning)), ValidationSeverity.Warning));
        Assert.Equal(0, ValidationExit.Code(ValidationSamples.With(F("reachable", ValidationSeverity.Warning)), ValidationSeverity.Error));
    }

    [Theory]
    [InlineData("warning", ValidationSeverity.Warning)]
    [InlineData("ERROR", ValidationSeverity.Error)]
    [InlineData(" Warning ", ValidationSeverity.Warning)]
    public void Fail_on_accepts_warning_and_error(string text, ValidationSeverity expected)
    {
        Assert.True(ValidationSeverityNames.TryParseFailOn(text, out var failOn));
        Assert.Equal(expected, failOn);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("")]
    [InlineData(null)]
    public void Fail_on_rejects_anything_else(string? text) =>
        Assert.False(ValidationSeverityNames.TryParseFailOn(text, out _));
}
