namespace PacketGuide.Dns.Validation;

/// <summary>How bad a finding is; <c>--fail-on</c> picks the level that makes the exit code 1.</summary>
public enum ValidationSeverity
{
    /// <summary>Worth knowing, nothing to fix (an extra served record, a latency figure).</summary>
    Info,

    /// <summary>Works today, breaks soon or somewhere (signatures expiring in days, a TTL out of policy).</summary>
    Warning,

    /// <summary>Broken now for some resolvers (a missing record, a serial mismatch, a bogus DS).</summary>
    Error,
}
