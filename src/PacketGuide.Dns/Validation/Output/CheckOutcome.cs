namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// How one check ended for one zone, as every output reports it. A check passed when it was run and found nothing at
/// warning or above (info findings are notes, not failures); it was skipped when it is in the catalogue but not among the
/// zone's <see cref="ZoneValidation.ChecksRun"/>.
/// </summary>
public enum CheckStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One check's result in one zone: its status, the worst severity it found (null: nothing) and its findings.</summary>
public sealed record CheckOutcome(ValidationCheck Check, CheckStatus Status, ValidationSeverity? Worst, IReadOnlyList<ValidationFinding> Findings);
