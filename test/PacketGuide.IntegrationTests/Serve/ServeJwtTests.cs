using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// <c>serve.security.jwt</c>: bearer tokens from an OpenID Connect issuer beside API keys. No identity provider is
/// installable here (Keycloak and Dex are not packaged for Debian), so the issuer is a stand-in on loopback that serves
/// what OpenID Connect Discovery 1.0 and RFC 7517 require of one: <c>/.well-known/openid-configuration</c> (issuer,
/// jwks_uri and the other required fields) and a JWK set, and signs RS256 tokens as an IdP would. The service under test
/// is the real one: it fetches the discovery document and keys over HTTP and checks signature, issuer, audience and lifetime.
/// </summary>
public sealed class ServeJwtTests : IAsyncLifetime
{
    private const string Audience = "pguide";
    private readonly AsyncCleanup _cleanup = new();
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _issuer = null!;
    private ServeTestHost _host = null!;
    private string _issuerUrl = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _issuer = builder.Build();
        _issuer.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuerUrl,
            ["jwks_uri"] = _issuerUrl + "/jwks",
            ["authorization_endpoint"] = _issuerUrl + "/authorize",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _issuer.MapGet("/jwks", () =>
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "k1",
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        await _issuer.StartAsync(Ct);
        _issuerUrl = _issuer.Urls.First();

        var work = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("serve-jwt"));
        _host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(work, o => o with
        {
            Security = o.Security with { Jwt = new JwtOptions { Authority = new Uri(_issuerUrl), Audience = Audience, RequireHttpsMetadata = false } },
        }, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _cleanup.DisposeAsync();
        await _issuer.DisposeAsync();
        _rsa.Dispose();
    }

    private string Token(string scope, string? audience = Audience, TimeSpan? lifetime = null, RSA? signer = null, string? issuer = null,
        Dictionary<string, object>? extra = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? _issuerUrl,
            Audience = audience,
            IssuedAt = expires < now ? expires - TimeSpan.FromMinutes(10) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(10) : now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "u-42", ["preferred_username"] = "alice", ["scope"] = scope }
                .Concat(extra ?? []).ToDictionary(p => p.Key, p => p.Value),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? _rsa) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private HttpClient Client(string token)
    {
        var client = _host.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_token_with_pguide_scopes_reads_and_writes_as_its_scope_allows()
    {
        using var reader = Client(Token("openid pguide:read"));
        using var writer = Client(Token("openid pguide:write"));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/leases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/hosts", new { name = "h1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync("/api/v1/hosts", new { name = "h1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/api/v1/apikeys", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admins_token_is_named_in_the_audit_log()
    {
        using var admin = Client(Token("pguide:admin"));
        using var created = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "ci", scope = "read" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var audit = await admin.GetStringAsync("/api/v1/audit", Ct);
        Assert.Contains("token:alice", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("other-audience")]
    [InlineData("other-key")]
    [InlineData("other-issuer")]
    [InlineData("garbage")]
    public async Task A_token_that_is_not_valid_is_refused(string what)
    {
        using var other = RSA.Create(2048);
        var token = what switch
        {
            "expired" => Token("pguide:admin", lifetime: TimeSpan.FromMinutes(-10)),
            "other-audience" => Token("pguide:admin", audience: "someone-else"),
            "other-key" => Token("pguide:admin", signer: other),
            "other-issuer" => Token("pguide:admin", issuer: "https://evil.example/"),
            _ => "eyJhbGciOiJub25lIn0.eyJzY29wZSI6InBndWlkZTphZG1pbiJ9.",
        };
        using var client = Client(token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/leases", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_carrying_pguides_own_claim_names_gets_no_scope_from_them()
    {
        using var forged = Client(Token("openid", extra: new() { ["pguide:scope"] = "admin", ["pguide:key"] = "0123456789ab" }));

        Assert.Equal(HttpStatusCode.Forbidden, (await forged.GetAsync("/api/v1/apikeys", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await forged.GetAsync("/api/v1/leases", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_valid_token_without_pguide_scopes_may_read_nothing_and_api_keys_still_work()
    {
        using var nobody = Client(Token("openid profile"));
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/api/v1/leases", Ct)).StatusCode);

        using var keyed = _host.Client(await _host.CreateKeyAsync(ApiScope.Read, Ct));
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/v1/leases", Ct)).StatusCode);
        using var anonymous = _host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/leases", Ct)).StatusCode);
    }
}
