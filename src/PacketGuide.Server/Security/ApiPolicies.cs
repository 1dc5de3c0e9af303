using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Security;

/// <summary>The authorization policies: one per scope, each met by that scope or a higher one.</summary>
public static class ApiPolicies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    /// <summary>The claim that carries a key's scope.</summary>
    public const string ScopeClaim = "pguide:scope";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, ApiScope.Read)));
        options.AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, ApiScope.Write)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, ApiScope.Admin)));
    }

    private static bool Has(ClaimsPrincipal user, ApiScope needed) =>
        user.FindFirst(ScopeClaim)?.Value is { } value && ApiKeyStore.TryParseScope(value, out var scope) && scope >= needed;
}
