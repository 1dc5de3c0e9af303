namespace PacketGuide.Server.Storage;

/// <summary>An API key as stored: its public id, name and scope, and a hash of the secret (never the secret).</summary>
public sealed record ApiKeyRecord(string Id, string Name, ApiScope Scope, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    internal byte[] SecretHash { get; init; } = [];
}
