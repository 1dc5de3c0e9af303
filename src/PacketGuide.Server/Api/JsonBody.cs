using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace PacketGuide.Server.Api;

/// <summary>Reads a JSON request body, answering a wrong content type, bad JSON (with its line and position) or an oversized body with problem+json.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (default, TypedResults.Problem("Send the body as JSON with Content-Type: application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync(context.Request.Body, type, cancellationToken).ConfigureAwait(false), null);
        }
        catch (JsonException ex)
        {
            var errors = new QueryErrors();
            errors.Add(ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body",
                $"not valid JSON for this request at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: expected an object with string fields.");
            return (default, errors.Problem());
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TypedResults.Problem("The body is larger than serve.security.max-body-bytes allows.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large"));
        }
    }
}
