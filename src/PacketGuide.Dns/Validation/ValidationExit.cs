namespace PacketGuide.Dns.Validation;

/// <summary>
/// The exit code of <c>pguide dns validate</c>: 3 when a server did not answer (an error finding of the
/// <c>reachable</c> check: the rest of the report is incomplete, which matters more than what it found), 1 when any
/// finding is at or above <c>--fail-on</c>, 0 otherwise.
/// </summary>
public static class ValidationExit
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Unreachable = 3;

    public static int Code(ValidationReport report, ValidationSeverity failOn)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Findings.ToList();
        if (findings.Any(f => f.Severity == ValidationSeverity.Error && f.CheckId == ValidationChecks.Reachable.Id))
        {
            return Unreachable;
        }

        return findings.Any(f => f.Severity >= failOn) ? Findings : Clean;
    }
}
