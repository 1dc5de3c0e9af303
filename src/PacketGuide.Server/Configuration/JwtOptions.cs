namespace PacketGuide.Server.Configuration;

/// <summary>
/// <c>serve.security.jwt</c>: bearer tokens from an OpenID Connect provider (Keycloak, Entra ID, Dex, ...) accepted
/// beside API keys. The token's scopes (<see cref="ScopeClaim"/>, space-separated or repeated) grant
/// <c>pguide:read</c>, <c>pguide:write</c> or <c>pguide:admin</c>.
/// </summary>
public sealed record JwtOptions
{
    /// <summary>The issuer; its <c>/.well-known/openid-configuration</c> names the signing keys (<c>serve.security.jwt.authority</c>).</summary>
    public required Uri Authority { get; init; }

    /// <summary>The audience tokens must be issued for (<c>serve.security.jwt.audience</c>).</summary>
    public required string Audience { get; init; }

    /// <summary>The claim holding the scopes (<c>serve.security.jwt.scope-claim</c>, default <c>scope</c>; Entra ID uses <c>scp</c> or <c>roles</c>).</summary>
    public string ScopeClaim { get; init; } = "scope";

    /// <summary>Refuse an http:// authority (<c>serve.security.jwt.require-https-metadata</c>, default true; false only for tests and labs).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;
}
