namespace PacketGuide.Dns.Validation;

/// <summary>
/// What changed between two runs of <c>pguide dns validate</c>, for <c>--watch</c>: findings that appeared, findings that
/// went away, and findings whose severity changed. A finding is the same finding in both runs when its zone, check,
/// server and subject are equal; its message is not part of that identity, because messages carry figures that move
/// every run ("expires in 6 days 3 hours"), and a wall screen should not scroll for those. Several findings with one
/// identity are paired in order; the unpaired rest are new or resolved.
/// </summary>
public sealed record ValidationDiff(
    IReadOnlyList<ValidationFinding> New,
    IReadOnlyList<ValidationFinding> Resolved,
    IReadOnlyList<ValidationSeverityChange> SeverityChanged)
{
    public bool IsEmpty => New.Count == 0 && Resolved.Count == 0 && SeverityChanged.Count == 0;

    public static ValidationDiff Between(ValidationReport previous, ValidationReport current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Findings.ToLookup(Identity);
        var after = current.Findings.ToLookup(Identity);
        var added = new List<ValidationFinding>();
        var resolved = new List<ValidationFinding>();
        var changed = new List<ValidationSeverityChange>();

        foreach (var group in after)
        {
            var old = before[group.Key].ToList();
            var now = group.ToList();
            for (var i = 0; i < now.Count; i++)
            {
                if (i >= old.Count)
                {
                    added.Add(now[i]);
                }
                else if (old[i].Severity != now[i].Severity)
                {
                    changed.Add(new ValidationSeverityChange(old[i], now[i]));
                }
            }

            resolved.AddRange(old.Skip(now.Count));
        }

        resolved.AddRange(before.Where(g => !after.Contains(g.Key)).SelectMany(g => g));
        return new ValidationDiff(added, resolved, changed);
    }

    private static (string Zone, string CheckId, string? Server, string Subject) Identity(ValidationFinding finding) =>
        (finding.Zone, finding.CheckId, finding.Server, finding.Subject);
}

/// <summary>One finding seen in both runs at different severities (a signature expiring soon that has now expired).</summary>
public sealed record ValidationSeverityChange(ValidationFinding Before, ValidationFinding After);
