namespace PacketGuide.Server.Api;

/// <summary>The body of <c>POST /api/v1/hosts</c> and <c>PUT /api/v1/hosts/{id}</c>.</summary>
public sealed record HostInput(string? Name, string? Mac, string? Address, string? Owner, string? Notes);
