using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PacketGuide.Cli.Serve;

/// <summary>
/// JSON calls to a running pguide serve's API (<c>api/v1/...</c>, relative to the base URL, so a service behind a path
/// prefix works). Every failure becomes a <see cref="ServiceCallException"/> that names the URL: not reachable or no
/// answer in 30 s, 401 (no key, or one the service does not know), 403 (the key's scope is too low), a 400 with its
/// fields, 404, 5xx, an answer that is not JSON. The key is sent as a bearer token and never appears in a message.
/// </summary>
internal sealed class ServiceClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly bool _hasKey;

    public ServiceClient(Uri baseAddress, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout };
        _hasKey = apiKey is not null;
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>GET a JSON document (read scope).</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>POST a JSON body (write scope) and read the JSON answer.</summary>
    public async Task<JsonElement> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, json, cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>DELETE (write scope); the service answers 204 without a body.</summary>
    public Task DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    private async Task<JsonElement?> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var what = $"{method} {BaseAddress}{path}";
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ServiceCallException($"{BaseAddress}: cannot reach pguide serve ({ex.Message}). Is it running there? Give its address with --url or $PGUIDE_URL.",
                ExitCodes.Unreachable, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceCallException($"{BaseAddress}: no answer within {Timeout.TotalSeconds:0} s to {method} {path}.", ExitCodes.Unreachable, innerException: ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return null;
                }

                try
                {
                    using var document = JsonDocument.Parse(body);
                    return document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw new ServiceCallException($"{what} did not answer JSON; is {BaseAddress} a pguide serve URL?", ExitCodes.UsageOrInput, innerException: ex);
                }
            }

            var status = (int)response.StatusCode;
            var scope = method == HttpMethod.Get ? "read" : "write";
            var (detail, fields) = Problem(body);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new ServiceCallException(_hasKey
                    ? $"{what}: 401, the service does not accept this key (revoked, or from another service?)."
                    : $"{what}: 401, a key is needed: --api-key env:NAME or file:/path, or $PGUIDE_API_KEY (pguide apikey create --name NAME --scope {scope}).",
                    ExitCodes.UsageOrInput),
                HttpStatusCode.Forbidden => new ServiceCallException(
                    $"{what}: 403, this key may not do that; it needs the {scope} scope (pguide apikey create --name NAME --scope {scope}).", ExitCodes.UsageOrInput),
                HttpStatusCode.BadRequest => new ServiceCallException($"{what}: 400, the service refused it{(detail is null ? "" : $" ({detail})")}" + (fields.Count > 0 ? ":" : "."),
                    ExitCodes.UsageOrInput, fields),
                HttpStatusCode.TooManyRequests => new ServiceCallException($"{what}: 429, rate limited by the service; try again in a minute.", ExitCodes.Unreachable),
                _ when status >= 500 => new ServiceCallException($"{what}: {status} {response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}", ExitCodes.Unreachable),
                _ => new ServiceCallException($"{what}: {status} {response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}", ExitCodes.UsageOrInput),
            };
        }
    }

    /// <summary>An RFC 7807 body's detail (or title) and its <c>errors</c>, field by field; nothing when the body is not one.</summary>
    private static (string? Detail, List<KeyValuePair<string, string>> Fields) Problem(byte[] body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, fields);
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(m => m.ToString()) : [field.Value.ToString()];
                    fields.AddRange(messages.Select(m => new KeyValuePair<string, string>(field.Name, m)));
                }
            }

            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()
                : fields.Count == 0 && root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (detail, fields);
        }
        catch (JsonException)
        {
            return (null, fields);
        }
    }

    public void Dispose() => _http.Dispose();
}
