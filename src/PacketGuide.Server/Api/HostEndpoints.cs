using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Dhcp;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>
/// <c>/api/v1/hosts</c>: the host inventory (name, MAC, address, owner, notes). Reads need the read scope, writes the
/// write scope. Updates are optimistic: send the ETag you read as If-Match and a concurrent change answers 412.
/// </summary>
internal static class HostEndpoints
{
    public static void MapHosts(this RouteGroupBuilder api)
    {
        api.MapGet("/hosts", ListAsync).WithName("ListHosts").WithSummary("Inventory hosts")
            .WithDescription("Ordered by id. q matches a name, MAC or address exactly. Page with limit and the next cursor.");
        api.MapGet("/hosts/{id:long}", GetAsync).WithName("GetHost").WithSummary("One inventory host (with its ETag)");
        api.MapPost("/hosts", CreateAsync).WithName("CreateHost").WithSummary("Add a host")
            .Accepts<HostInput>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapPut("/hosts/{id:long}", UpdateAsync).WithName("UpdateHost").WithSummary("Replace a host's fields (If-Match: the ETag read)")
            .Accepts<HostInput>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapDelete("/hosts/{id:long}", DeleteAsync).WithName("DeleteHost").WithSummary("Delete a host").RequireAuthorization(ApiPolicies.Write);
    }

    private static async Task<IResult> ListAsync(HostStore store, CancellationToken cancellationToken, string? q = null, string? limit = null, string? cursor = null)
    {
        var errors = new QueryErrors();
        var after = errors.NumericCursor(cursor);
        var search = errors.Text("q", q);
        if (search is not null && MacAddress.TryParse(search, out var mac))
        {
            search = mac.ToString();
        }

        var size = errors.Limit(limit);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return TypedResults.Ok(await store.ListAsync(search, after, size, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, HostStore store, CancellationToken cancellationToken)
    {
        var host = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (host is null)
        {
            return NotFound(id);
        }

        context.Response.Headers.ETag = ETag(host);
        return TypedResults.Ok(host);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, HostStore store, CancellationToken cancellationToken)
    {
        var (input, bodyError) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.HostInput, cancellationToken).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (Validate(input) is not { } host)
        {
            return Problem(input);
        }

        try
        {
            var created = await store.CreateAsync(host, cancellationToken).ConfigureAwait(false);
            context.Response.Headers.ETag = ETag(created);
            return TypedResults.Created($"/api/v1/hosts/{created.Id}", created);
        }
        catch (StoreConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
    }

    private static async Task<IResult> UpdateAsync(long id, HttpContext context, HostStore store, CancellationToken cancellationToken)
    {
        var (input, bodyError) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.HostInput, cancellationToken).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (Validate(input) is not { } host)
        {
            return Problem(input);
        }

        long? expected = null;
        if (context.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch != "*")
        {
            if (!TryParseETag(ifMatch, out var version))
            {
                return TypedResults.Problem("If-Match must be the ETag this API returned (\"v3\").", statusCode: StatusCodes.Status400BadRequest, title: "Bad If-Match");
            }

            expected = version;
        }

        try
        {
            var updated = await store.UpdateAsync(id, host, expected, cancellationToken).ConfigureAwait(false);
            if (updated is null)
            {
                return NotFound(id);
            }

            context.Response.Headers.ETag = ETag(updated);
            return TypedResults.Ok(updated);
        }
        catch (StoreConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: expected is null ? StatusCodes.Status409Conflict : StatusCodes.Status412PreconditionFailed,
                title: expected is null ? "Conflict" : "Precondition failed");
        }
    }

    private static async Task<IResult> DeleteAsync(long id, HostStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotFound(id);

    /// <summary>The host the input describes, or null when a field is invalid (<see cref="Problem"/> says which).</summary>
    internal static HostRecord? Validate(HostInput? input) => Errors(input).Any ? null : new HostRecord
    {
        Name = input!.Name!.TrimEnd('.').ToLowerInvariant(),
        Mac = input.Mac is null ? null : MacAddress.Parse(input.Mac).ToString(),
        Address = input.Address is null ? null : IPAddress.Parse(input.Address).ToString(),
        Owner = input.Owner,
        Notes = input.Notes,
    };

    private static IResult Problem(HostInput? input) => Errors(input).Problem();

    private static QueryErrors Errors(HostInput? input)
    {
        var errors = new QueryErrors();
        if (input is null)
        {
            errors.Add("body", "expected a JSON object: {\"name\": \"printer-3\", \"mac\": \"02:00:00:00:01:07\", \"address\": \"10.77.1.6\", \"owner\": \"...\", \"notes\": \"...\"}.");
            return errors;
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "required: the host's name (a DNS name such as printer-3 or printer-3.office.example.com).");
        }
        else if (!IsHostName(input.Name.TrimEnd('.')))
        {
            errors.Add("name", $"'{QueryErrors.Clip(input.Name)}' is not a host name: letters, digits and hyphens in dot-separated labels of at most 63 characters, 253 in all.");
        }

        if (input.Mac is not null && !MacAddress.TryParse(input.Mac, out _))
        {
            errors.Add("mac", $"'{QueryErrors.Clip(input.Mac)}' is not a MAC address (02:00:00:00:01:07).");
        }

        if (input.Address is not null && !StrictAddress.TryParse(input.Address, out _))
        {
            errors.Add("address", $"'{QueryErrors.Clip(input.Address)}' is not an IPv4 or IPv6 address.");
        }

        errors.Text("owner", input.Owner, 200);
        if (input.Notes is { Length: > 4000 })
        {
            errors.Add("notes", "at most 4000 characters.");
        }

        return errors;
    }

    private static bool IsHostName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string ETag(HostRecord host) => string.Create(CultureInfo.InvariantCulture, $"\"v{host.Version}\"");

    private static bool TryParseETag(string text, out long version)
    {
        var t = text.Trim();
        if (t.StartsWith("W/", StringComparison.Ordinal))
        {
            t = t[2..];
        }

        version = 0;
        return t.Length > 3 && t[0] == '"' && t[1] == 'v' && t[^1] == '"'
            && long.TryParse(t.AsSpan(2, t.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem($"No host with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
