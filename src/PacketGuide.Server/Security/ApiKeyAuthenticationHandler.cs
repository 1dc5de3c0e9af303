using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Security;

/// <summary>Authenticates <c>Authorization: Bearer pgk_...</c> or <c>X-Api-Key: pgk_...</c> against the store's API keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        if (Request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[7..].Trim();
        }
        else if (Request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header)
        {
            key = header.Trim();
        }

        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var record = await verifier.VerifyAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            // Never say whether the id or the secret was wrong, never log the key.
            return AuthenticateResult.Fail("invalid or revoked API key");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, record.Name), new Claim("pguide:key", record.Id), new Claim(ApiPolicies.ScopeClaim, ApiKeyStore.ScopeName(record.Scope))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"pguide\"";
        return base.HandleChallengeAsync(properties);
    }
}
