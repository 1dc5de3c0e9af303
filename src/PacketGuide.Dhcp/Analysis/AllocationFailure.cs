namespace PacketGuide.Dhcp.Analysis;

/// <summary>A client the server could not give an address to (pool exhaustion, no matching pool).</summary>
public sealed record AllocationFailure(DateTimeOffset? Time, string Server, string? Subnet, string? Client, SourceLocation Source);
