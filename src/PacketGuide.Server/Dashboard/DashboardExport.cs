using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PacketGuide.Server.Dashboard;

/// <summary>
/// <c>pguide dashboard export DIR</c>: the dashboard's files plus <c>snapshot.json</c>, a copy of what a running service's
/// API says now, so the same pages can be hosted on any static web server (browsers load ES modules over HTTP only, not
/// from file://). The exported index.html names the snapshot in a meta tag; the pages then read only that file.
/// </summary>
public static class DashboardExport
{
    private const string SnapshotMeta = "<meta name=\"pguide-snapshot\" content=\"snapshot.json\">";

    /// <summary>Writes the export; returns how many leases and events the snapshot holds. Throws <see cref="DashboardExportException"/>.</summary>
    public static async Task<(int Leases, int Events)> ExportAsync(HttpClient api, string directory, int maxLeases, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var subnets = await GetAsync(api, "/api/v1/subnets", cancellationToken).ConfigureAwait(false);
        var events = await GetAsync(api, "/api/v1/events?limit=1000", cancellationToken).ConfigureAwait(false);
        var rate = await GetAsync(api, "/api/v1/events/rate?minutes=60", cancellationToken).ConfigureAwait(false);
        var servers = await GetAsync(api, "/api/v1/servers", cancellationToken).ConfigureAwait(false);
        // The DNS section: the latest run, and the newest finished one with its report (they differ while a run is under way).
        var runs = (await GetAsync(api, "/api/v1/validations?limit=20", cancellationToken).ConfigureAwait(false)).GetProperty("items").EnumerateArray().ToList();
        JsonElement? validationReport = runs.FirstOrDefault(r => r.GetProperty("state").GetString() == "done") is { ValueKind: JsonValueKind.Object } done
            ? await GetAsync(api, $"/api/v1/validations/{done.GetProperty("id").GetInt64()}", cancellationToken).ConfigureAwait(false)
            : null;
        var leases = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var limit = Math.Min(1000, maxLeases - leases.Count);
            var page = await GetAsync(api, $"/api/v1/leases?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), cancellationToken).ConfigureAwait(false);
            leases.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("next", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && leases.Count < maxLeases);

        Directory.CreateDirectory(Path.Combine(directory, "ui"));
        var files = DashboardEndpoints.Load();
        foreach (var (path, file) in files)
        {
            var target = Path.Combine(directory, "ui", path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, file.Content, cancellationToken).ConfigureAwait(false);
        }

        var index = Encoding.UTF8.GetString(files["index.html"].Content);
        await File.WriteAllTextAsync(Path.Combine(directory, "index.html"), index.Replace("<head>", "<head>\n" + SnapshotMeta, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("generatedAt", timeProvider.GetUtcNow());
            w.WritePropertyName("subnets");
            subnets.WriteTo(w);
            w.WriteStartArray("leases");
            foreach (var lease in leases)
            {
                lease.WriteTo(w);
            }

            w.WriteEndArray();
            w.WritePropertyName("events");
            events.GetProperty("items").WriteTo(w);
            w.WritePropertyName("eventRate");
            rate.WriteTo(w);
            w.WritePropertyName("servers");
            servers.WriteTo(w);
            if (runs.Count > 0)
            {
                w.WritePropertyName("validation");
                runs[0].WriteTo(w);
            }

            if (validationReport is { } report)
            {
                w.WritePropertyName("validationReport");
                report.WriteTo(w);
            }

            w.WriteEndObject();
        }

        await File.WriteAllBytesAsync(Path.Combine(directory, "snapshot.json"), buffer.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
        return (leases.Count, events.GetProperty("items").GetArrayLength());
    }

    /// <summary>An HTTP client for the service at <paramref name="url"/>, sending <paramref name="apiKey"/> when given.</summary>
    public static HttpClient CreateClient(Uri url, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(url);
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await api.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new DashboardExportException($"{api.BaseAddress}: cannot reach the service ({ex.Message}). Is pguide serve running there?", unreachable: true, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DashboardExportException($"{api.BaseAddress}: no answer within {api.Timeout.TotalSeconds:0} s.", unreachable: true, ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new DashboardExportException($"{api.BaseAddress}: {(int)response.StatusCode} on {path}; give a read key with --api-key env:NAME or file:/path (pguide apikey create --scope read).", unreachable: false);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DashboardExportException($"{api.BaseAddress}: {(int)response.StatusCode} on {path}.", unreachable: false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new DashboardExportException($"{api.BaseAddress}: {path} did not answer JSON; is this a pguide serve URL?", unreachable: false, ex);
            }
        }
    }
}
