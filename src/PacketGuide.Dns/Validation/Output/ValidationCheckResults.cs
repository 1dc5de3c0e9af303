namespace PacketGuide.Dns.Validation.Output;

/// <summary>
/// The per-check view of a zone the outputs share (JUnit test cases, <c>check_passed</c> metrics, the HTML check list):
/// every check of the catalogue, in catalogue order, then any check the zone ran that the catalogue does not know.
/// Findings whose check id was not run are attached to a check of that id all the same, so nothing found is ever dropped.
/// </summary>
public static class ValidationCheckResults
{
    public static IReadOnlyList<CheckOutcome> For(ZoneValidation zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var run = zone.ChecksRun.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var byCheck = zone.Findings.GroupBy(f => f.CheckId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var checks = ValidationChecks.All
            .Concat(zone.ChecksRun)
            .Concat(zone.Findings.Select(f => new ValidationCheck(f.CheckId, "unknown", f.CheckId)))
            .DistinctBy(c => c.Id, StringComparer.Ordinal);

        var results = new List<CheckOutcome>();
        foreach (var check in checks)
        {
            var findings = byCheck.TryGetValue(check.Id, out var list) ? list : [];
            var wasRun = run.Contains(check.Id) || findings.Count > 0;
            if (!wasRun && !ValidationChecks.All.Contains(check))
            {
                continue;
            }

            var worst = findings.Count == 0 ? (ValidationSeverity?)null : findings.Max(f => f.Severity);
            var status = !wasRun ? CheckStatus.Skipped : worst is null or ValidationSeverity.Info ? CheckStatus.Passed : CheckStatus.Failed;
            results.Add(new CheckOutcome(check, status, worst, findings));
        }

        return results;
    }
}
