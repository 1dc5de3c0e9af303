namespace PacketGuide.Server.Api;

/// <summary>One pool of a <see cref="SubnetView"/>.</summary>
public sealed record PoolView(string Range, decimal Total, long Assigned, long Declined, double? Utilization, string Level);
