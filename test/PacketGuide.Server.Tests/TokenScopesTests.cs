using System.Security.Claims;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Tests;

public sealed class TokenScopesTests
{
    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Theory]
    [InlineData("openid profile pguide:read", ApiScope.Read)]
    [InlineData("pguide:write openid pguide:read", ApiScope.Write)]
    [InlineData("pguide:admin pguide:read", ApiScope.Admin)]
    public void The_highest_pguide_scope_in_a_space_separated_claim_wins(string scope, ApiScope expected) =>
        Assert.Equal(expected, TokenScopes.Highest(User(("scope", scope)), "scope"));

    [Fact]
    public void Repeated_claims_count_like_roles() =>
        Assert.Equal(ApiScope.Write, TokenScopes.Highest(User(("roles", "pguide:read"), ("roles", "pguide:write"), ("roles", "other")), "roles"));

    [Theory]
    [InlineData("openid profile")]
    [InlineData("pguide:root pguide: pguideadmin read admin")]
    [InlineData("PGUIDE:ADMIN")]
    public void Other_scopes_grant_nothing(string scope) =>
        Assert.Null(TokenScopes.Highest(User(("scope", scope)), "scope"));

    [Fact]
    public void Scopes_in_another_claim_than_the_configured_one_grant_nothing() =>
        Assert.Null(TokenScopes.Highest(User(("scp", "pguide:admin")), "scope"));
}
