namespace PacketGuide.Server.Api;

/// <summary>A server PacketGuide knows (<c>GET /api/v1/servers</c>): its kind, when last heard from, and whether that is recent.</summary>
public sealed record ServerView(string Name, string Kind, DateTimeOffset? LastSeen, long Events, string Status)
{
    /// <summary>Why the last contact failed (kea-api), when it did.</summary>
    public string? Error { get; init; }
}
