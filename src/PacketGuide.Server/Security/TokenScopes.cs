using System.Security.Claims;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Security;

/// <summary>
/// Maps an OpenID Connect token's scopes to PacketGuide's: <c>pguide:read</c>, <c>pguide:write</c> or <c>pguide:admin</c>
/// in the configured claim (space-separated, as OAuth's <c>scope</c>, or one value per claim, as <c>roles</c>); the
/// highest one wins. A token with none of them authenticates but may read nothing.
/// </summary>
internal static class TokenScopes
{
    private const string Prefix = "pguide:";

    public static ApiScope? Highest(ClaimsPrincipal user, string claim)
    {
        ArgumentNullException.ThrowIfNull(user);
        ApiScope? best = null;
        foreach (var value in user.FindAll(claim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (value.StartsWith(Prefix, StringComparison.Ordinal) && ApiKeyStore.TryParseScope(value[Prefix.Length..], out var scope) && (best is null || scope > best))
            {
                best = scope;
            }
        }

        return best;
    }
}
