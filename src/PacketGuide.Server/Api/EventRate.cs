namespace PacketGuide.Server.Api;

/// <summary>How many events of one kind one minute had (<c>GET /api/v1/events/rate</c>); Minute is the Unix time of its start.</summary>
public sealed record EventRate(long Minute, string Kind, long Count);
