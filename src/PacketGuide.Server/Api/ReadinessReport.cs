namespace PacketGuide.Server.Api;

/// <summary><c>GET /readyz</c>: ready only when the store answers at the expected schema and the pipeline runs.</summary>
public sealed record ReadinessReport(string Status, string Store, int? SchemaVersion, bool Pipeline, string? Error);
