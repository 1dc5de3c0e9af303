using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// PowerDNS Authoritative's HTTP API (v1): <c>GET /zones/{zone}</c> to list, one <c>PATCH /zones/{zone}</c> with every
/// RRset change to apply (PowerDNS applies a PATCH atomically). The API key goes in <c>X-API-Key</c> and never into a
/// message. Error bodies (<c>{"error": ...}</c>, 422 for bad content) are passed on.
/// </summary>
public sealed class PowerDnsProvider : IDnsProvider
{
    private const int MaxErrorBody = 2000;

    /// <summary>Attempts for a PATCH that fails with 5xx: PowerDNS's sqlite backend answers 500 while another write holds the database.</summary>
    private const int PatchAttempts = 6;
    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly string _apiKey;
    private readonly TimeProvider _timeProvider;

    /// <param name="name">The provider's name in pguide.yaml.</param>
    /// <param name="http">A client the caller owns (timeouts, handler).</param>
    /// <param name="serverUrl">The API's server URL: <c>http://127.0.0.1:8081/api/v1/servers/localhost</c>.</param>
    /// <param name="apiKey">The API key (from env: or file:, never from the command line).</param>
    /// <param name="timeProvider">For the waits between retries (default: the system clock).</param>
    /// <param name="maxPatchBytes">The largest PATCH body to send (see <see cref="DefaultMaxPatchBytes"/>).</param>
    public PowerDnsProvider(string name, HttpClient http, Uri serverUrl, string apiKey, TimeProvider? timeProvider = null, int maxPatchBytes = DefaultMaxPatchBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serverUrl);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        Name = name;
        _http = http;
        _server = serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl : new Uri(serverUrl.AbsoluteUri + "/");
        _apiKey = apiKey;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _maxPatchBytes = Math.Max(10_000, maxPatchBytes);
    }

    /// <summary>
    /// PowerDNS's web server drops a request body over <c>webserver-max-bodysize</c> (2 MB by default) without an answer, so
    /// a longer change list goes in several PATCHes of at most this size (each applied whole). A server with a larger
    /// limit can be given a larger <c>max-patch-bytes</c> in pguide.yaml.
    /// </summary>
    public const int DefaultMaxPatchBytes = 1_900_000;

    private readonly int _maxPatchBytes;

    public string Name { get; }

    public async Task<IReadOnlyList<string>> ZonesAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server, "zones"));
        request.Headers.Add("X-API-Key", _apiKey);
        using var response = await SendAsync(request, "(all zones)", cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? [.. document.RootElement.EnumerateArray().Select(z => z.GetProperty("name").GetString()!)]
            : throw new DnsProviderException($"{Name}: PowerDNS answered GET zones with something other than a list.");
    }

    public async Task<IReadOnlyList<DnsRecordSet>> ListAsync(string zone, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, zone);
        using var response = await SendAsync(request, zone, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("rrsets", out var rrsets) || rrsets.ValueKind != JsonValueKind.Array)
        {
            throw new DnsProviderException($"{Name}: PowerDNS answered GET zone {zone} without an rrsets array.");
        }

        var sets = new List<DnsRecordSet>();
        foreach (var rrset in rrsets.EnumerateArray())
        {
            var values = rrset.GetProperty("records").EnumerateArray()
                .Where(r => !r.TryGetProperty("disabled", out var d) || d.ValueKind != JsonValueKind.True)
                .Select(r => r.GetProperty("content").GetString() ?? "")
                .ToList();
            if (values.Count > 0)
            {
                sets.Add(new DnsRecordSet(rrset.GetProperty("name").GetString()!, rrset.GetProperty("type").GetString()!,
                    rrset.TryGetProperty("ttl", out var ttl) && ttl.TryGetInt32(out var t) ? t : 0, values));
            }
        }

        return sets;
    }

    /// <summary>PowerDNS's API has no conditional PATCH: preconditions are checked by reading the zone just before it.</summary>
    public bool PreconditionsAreAtomic => false;

    public async Task ApplyAsync(string zone, IReadOnlyList<DnsChange> changes, DnsApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (options?.Preconditions is { Count: > 0 } preconditions)
        {
            var sets = await ListAsync(zone, cancellationToken).ConfigureAwait(false);
            var byKey = new Dictionary<(string, string), DnsRecordSet>();
            foreach (var set in sets)
            {
                byKey[(set.Name.ToLowerInvariant(), set.Type.ToUpperInvariant())] = set;
            }

            var failed = preconditions.Where(p => !p.HoldsFor(byKey.GetValueOrDefault((p.Name.ToLowerInvariant(), p.Type.ToUpperInvariant())))).ToList();
            if (failed.Count > 0)
            {
                throw new DnsProviderException($"{Name}: the zone {zone} changed underneath: {string.Join("; ", failed.Take(3))}{(failed.Count > 3 ? "; ..." : "")} no longer holds. Nothing was changed.")
                {
                    Failure = DnsProviderFailure.PreconditionFailed,
                };
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        var sent = 0;
        foreach (var chunk in Chunks(changes))
        {
            await PatchAsync(zone, PatchBody(chunk), cancellationToken).ConfigureAwait(false);
            sent += chunk.Count;
            options?.Progress?.Report(sent);
        }
    }

    /// <summary>The changes in runs whose PATCH body stays under the size limit (estimated generously per RRset).</summary>
    private IEnumerable<List<DnsChange>> Chunks(IReadOnlyList<DnsChange> changes)
    {
        var chunk = new List<DnsChange>();
        var size = 20;
        foreach (var change in changes)
        {
            // {"name":"","type":"","ttl":N,"changetype":"REPLACE","records":[{"content":"","disabled":false}]}: ~90 bytes of
            // frame, ~45 a value; JSON escaping at most doubles the text (\u escapes are not used for ASCII).
            var cost = 100 + (2 * change.RecordSet.Name.Length) + change.RecordSet.Values.Sum(v => 50 + (2 * v.Length));
            if (chunk.Count > 0 && size + cost > _maxPatchBytes)
            {
                yield return chunk;
                chunk = [];
                size = 20;
            }

            chunk.Add(change);
            size += cost;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task PatchAsync(string zone, byte[] body, CancellationToken cancellationToken)
    {
        // A PATCH of REPLACE/DELETE changes is idempotent, so a 5xx (PowerDNS's sqlite backend answers 500 "database is
        // locked" while another write holds it) is retried with growing waits.
        for (var attempt = 1; ; attempt++)
        {
            using var request = Request(HttpMethod.Patch, zone);
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            try
            {
                using var response = await SendAsync(request, zone, cancellationToken, retriable: attempt < PatchAttempts).ConfigureAwait(false);
                return;
            }
            catch (RetriableServerError)
            {
                var wait = TimeSpan.FromMilliseconds((25 << attempt) + Random.Shared.Next(0, 25 << attempt));
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>{"rrsets": [{"name", "type", "ttl", "changetype": "REPLACE", "records": [{"content", "disabled"}]}, ...]}</c></summary>
    internal static byte[] PatchBody(IReadOnlyList<DnsChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("rrsets");
            foreach (var change in changes)
            {
                var set = change.RecordSet;
                w.WriteStartObject();
                w.WriteString("name", set.Name);
                w.WriteString("type", set.Type.ToUpperInvariant());
                if (change.Kind == DnsChangeKind.Delete)
                {
                    w.WriteString("changetype", "DELETE");
                }
                else
                {
                    w.WriteString("changetype", "REPLACE");
                    w.WriteNumber("ttl", set.Ttl);
                    w.WriteStartArray("records");
                    foreach (var value in set.Values)
                    {
                        w.WriteStartObject();
                        w.WriteString("content", value);
                        w.WriteBoolean("disabled", false);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// One API request about <paramref name="zone"/> at <c>zones/ZONE{path}</c> (e.g. <c>/cryptokeys</c>), with this
    /// provider's key and error messages; the JSON answer, or null for an empty one (204). For the DNSSEC manager.
    /// </summary>
    internal async Task<JsonDocument?> SendZoneRequestAsync(HttpMethod method, string zone, string path, byte[]? jsonBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server, "zones/" + Uri.EscapeDataString(zone) + path));
        request.Headers.Add("X-API-Key", _apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        using var response = await SendAsync(request, zone, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);
    }

    private HttpRequestMessage Request(HttpMethod method, string zone)
    {
        var request = new HttpRequestMessage(method, new Uri(_server, "zones/" + Uri.EscapeDataString(zone)));
        request.Headers.Add("X-API-Key", _apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string zone, CancellationToken cancellationToken, bool retriable = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new DnsProviderException($"{Name}: PowerDNS API at {Where()} did not answer: {ex.Message}", ex) { Failure = DnsProviderFailure.Unreachable };
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DnsProviderException($"{Name}: PowerDNS API at {Where()} timed out.", ex) { Failure = DnsProviderFailure.Unreachable };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        if (retriable && (int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw new RetriableServerError();
        }

        using (response)
        {
            var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
            throw new DnsProviderException(response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    $"{Name}: PowerDNS at {Where()} refused the API key ({(int)response.StatusCode}); check the key the provider's api-key points to and the server's api-key.",
                HttpStatusCode.NotFound => $"{Name}: PowerDNS at {Where()} has no zone {zone} (404){(detail.Length > 0 ? ": " + detail : "")}.",
                HttpStatusCode.UnprocessableEntity => $"{Name}: PowerDNS rejected the change to {zone} (422): {detail}",
                _ => string.Create(CultureInfo.InvariantCulture, $"{Name}: PowerDNS at {Where()} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}")
                    + ((int)response.StatusCode >= 500 && request.Method == HttpMethod.Patch
                        ? string.Create(CultureInfo.InvariantCulture, $" (after {PatchAttempts} attempts; the server's log says why, e.g. 'database is locked' with the sqlite backend)")
                        : ""),
            });
        }
    }

    /// <summary>The URL without user info or query, for messages.</summary>
    private string Where() => _server.GetLeftPart(UriPartial.Path);

    /// <summary>The "error" member of a JSON body, else the text, cut to a sane length.</summary>
    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } message)
            {
                text = message;
            }
        }
        catch (JsonException)
        {
            // Not JSON (401 and 404 are text/plain): the text is the detail.
        }

        text = text.Trim();
        return text.Length > MaxErrorBody ? string.Concat(text.AsSpan(0, MaxErrorBody), "...") : text;
    }

    /// <summary>A 5xx answer to a request that may be sent again.</summary>
    private sealed class RetriableServerError : Exception
    {
    }
}
