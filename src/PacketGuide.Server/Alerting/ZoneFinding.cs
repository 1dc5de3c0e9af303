namespace PacketGuide.Server.Alerting;

/// <summary>One finding of a DNS validation run, as a notification shows it.</summary>
public sealed record ZoneFinding(string Severity, string Check, string? Server, string Subject, string Message);
