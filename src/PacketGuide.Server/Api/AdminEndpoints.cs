using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>
/// The admin scope's endpoints: API keys (<c>/api/v1/apikeys</c>, as <c>pguide apikey</c> does on the host) and the audit
/// log of changes made through the API (<c>/api/v1/audit</c>). A key's secret is in the answer that creates it, never again.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly string[] Scopes = ["read", "write", "admin"];

    public static void MapAdmin(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").RequireAuthorization(ApiPolicies.Admin);
        admin.MapGet("/apikeys", ListKeysAsync).WithName("ListApiKeys").WithSummary("API keys (ids, names, scopes; never secrets)");
        admin.MapPost("/apikeys", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create a key: the answer holds its secret, shown once")
            .Accepts<ApiKeyInput>("application/json");
        admin.MapDelete("/apikeys/{id}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke a key (at once here; within 30 s on other replicas)");
        admin.MapGet("/audit", AuditAsync).WithName("ListAudit").WithSummary("Changes made through the API, newest first")
            .WithDescription("Who (key or token subject), when, what action on what, with before and after. Page with limit and the next cursor.");
    }

    private static async Task<IResult> ListKeysAsync(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> CreateKeyAsync(HttpContext context, ApiKeyStore keys, AuditStore audit, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.ApiKeyInput, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var errors = new QueryErrors();
        var name = errors.Text("name", input?.Name, maxLength: 100);
        if (string.IsNullOrWhiteSpace(name) && !errors.Errors.ContainsKey("name"))
        {
            errors.Add("name", "required: what the key is for, e.g. grafana or ci-dns.");
        }

        var scopeName = errors.OneOf("scope", input?.Scope ?? "read", Scopes);
        if (errors.Any || !ApiKeyStore.TryParseScope(scopeName!, out var scope))
        {
            return errors.Problem();
        }

        var (record, key) = await keys.CreateAsync(name!, scope, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(Actor.Of(context), "apikey.create", record.Id, $"{{\"name\":{System.Text.Json.JsonSerializer.Serialize(record.Name, ServerJsonContext.Default.String)},\"scope\":\"{scopeName}\"}}",
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/apikeys/{record.Id}", new ApiKeyCreatedView(key, record));
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HttpContext context, ApiKeyStore keys, ApiKeyVerifier verifier, AuditStore audit, CancellationToken cancellationToken)
    {
        if (id.Length != 12 || !id.All(char.IsAsciiHexDigitLower))
        {
            var errors = new QueryErrors();
            errors.Add("id", "a key id is 12 lower-case hex digits (pguide apikey list, or GET /api/v1/apikeys).");
            return errors.Problem();
        }

        if (!await keys.RevokeAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Problem($"No active key {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        verifier.Forget(id);
        await audit.AppendAsync(Actor.Of(context), "apikey.revoke", id, null, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> AuditAsync(AuditStore audit, CancellationToken cancellationToken, string? limit = null, string? cursor = null)
    {
        var errors = new QueryErrors();
        var size = errors.Limit(limit);
        var before = errors.NumericCursor(cursor);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return TypedResults.Ok(await audit.ListAsync(before, size, cancellationToken).ConfigureAwait(false));
    }
}
