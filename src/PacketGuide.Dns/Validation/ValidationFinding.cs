namespace PacketGuide.Dns.Validation;

/// <summary>
/// One result of one check: which check (a stable id from <see cref="ValidationChecks"/>), how bad, where (zone, server
/// when it concerns one, the name and type it is about) and what to fix.
/// </summary>
public sealed record ValidationFinding(string CheckId, ValidationSeverity Severity, string Zone, string? Server, string Subject, string Message);
