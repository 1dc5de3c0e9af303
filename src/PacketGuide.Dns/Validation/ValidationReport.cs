namespace PacketGuide.Dns.Validation;

/// <summary>What <c>pguide dns validate</c> found: per zone, the checks run and their findings, plus the figures that
/// monitoring wants (RRSIG expiry, serial lag, latency per server).</summary>
public sealed record ValidationReport(DateTimeOffset Started, TimeSpan Duration, IReadOnlyList<ZoneValidation> Zones)
{
    public IEnumerable<ValidationFinding> Findings => Zones.SelectMany(z => z.Findings);

    /// <summary>The worst severity found, or null when nothing was found.</summary>
    public ValidationSeverity? Worst => Findings.Select(f => (ValidationSeverity?)f.Severity).Max();

    /// <summary>Queries sent and answered during the run, for the effective query rate.</summary>
    public long Queries { get; init; }
}

/// <summary>One zone's validation: the servers asked, the checks run (a check with no finding passed), the findings, and figures.</summary>
public sealed record ZoneValidation(string Zone, IReadOnlyList<string> Servers, IReadOnlyList<ValidationCheck> ChecksRun, IReadOnlyList<ValidationFinding> Findings)
{
    /// <summary>Seconds until the first RRSIG of the zone expires (null: unsigned or not read).</summary>
    public double? RrsigExpirySeconds { get; init; }

    /// <summary>How many serial steps each server is behind the highest serial seen (0 for the most recent).</summary>
    public IReadOnlyDictionary<string, long> SerialLag { get; init; } = new Dictionary<string, long>();

    /// <summary>The SOA serial each authoritative server gave.</summary>
    public IReadOnlyDictionary<string, long> Serials { get; init; } = new Dictionary<string, long>();

    /// <summary>Median query latency per server, in milliseconds.</summary>
    public IReadOnlyDictionary<string, double> LatencyMs { get; init; } = new Dictionary<string, double>();
}
