using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The service end to end over HTTP on loopback: real Kea log lines in, leases, events, subnets and metrics out; keys,
/// scopes, problem details, limits and headers.
/// </summary>
public sealed class ServeApiTests : IAsyncLifetime
{
    private readonly AsyncCleanup _cleanup = new();
    private ServeTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var work = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("serve-api"));
        _host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(work, o => o with
        {
            Security = o.Security with { RequestsPerMinute = 100_000, MaxRequestBodyBytes = 4096 },
            Alerting = o.Alerting with { EvaluateEvery = TimeSpan.FromSeconds(1) },
        }, Ct));
    }

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string> ReadKeyAsync() => await _host.CreateKeyAsync(ApiScope.Read, Ct);

    [Fact]
    public async Task Kea_log_lines_become_leases_events_subnets_and_metrics()
    {
        using var client = _host.Client(await ReadKeyAsync());
        await _host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(async () => (await GetJsonAsync(client, "/api/v1/events?kind=allocation-failed")).GetProperty("items").GetArrayLength() == 2, "the sample's two allocation failures", Ct);

        var subnets = await GetJsonAsync(client, "/api/v1/subnets");
        var small = subnets.EnumerateArray().Single(s => s.GetProperty("subnet").GetString() == "10.78.0.0/24");
        Assert.Equal((3, 3, "critical"), (small.GetProperty("total").GetInt32(), small.GetProperty("assigned").GetInt32(), small.GetProperty("level").GetString()));
        var big = subnets.EnumerateArray().Single(s => s.GetProperty("subnet").GetString() == "10.77.0.0/22");
        Assert.Equal((763, 14, 2), (big.GetProperty("total").GetInt32(), big.GetProperty("assigned").GetInt32(), big.GetProperty("declined").GetInt32()));

        var leases = await GetJsonAsync(client, "/api/v1/leases?subnet=10.78.0.0/24");
        Assert.Equal(["10.78.0.10", "10.78.0.11", "10.78.0.12"], leases.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("address").GetString()));
        var declined = await GetJsonAsync(client, "/api/v1/leases?state=declined");
        Assert.Equal(2, declined.GetProperty("items").GetArrayLength());
        var one = await GetJsonAsync(client, "/api/v1/leases/10.78.0.10");
        var mac = one.GetProperty("mac").GetString()!;
        var history = await GetJsonAsync(client, $"/api/v1/events?mac={mac}");
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("kind").GetString() == "ack" && e.GetProperty("address").GetString() == "10.78.0.10");
        Assert.Equal(23, (await GetJsonAsync(client, "/api/v1/events?kind=ack&limit=1000")).GetProperty("items").GetArrayLength());
        Assert.Equal(4, (await GetJsonAsync(client, "/api/v1/events?kind=decline,allocation-failed")).GetProperty("items").GetArrayLength());
        // Kea names the subnet of an allocation failure by id (2); the store names it by prefix, as /subnets does.
        Assert.Equal(2, (await GetJsonAsync(client, "/api/v1/events?kind=allocation-failed&subnet=10.78.0.0/24")).GetProperty("items").GetArrayLength());
        Assert.Equal(23, (await GetJsonAsync(client, "/api/v1/events?kind=offer&subnet=10.77.0.0/22")).GetProperty("items").GetArrayLength()
            + (await GetJsonAsync(client, "/api/v1/events?kind=offer&subnet=10.78.0.0/24")).GetProperty("items").GetArrayLength());

        // Pages are cached per pipeline state: the same query again is the same bytes, and a revalidation is a 304.
        using var first = await client.GetAsync("/api/v1/leases?limit=5", Ct);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leases?limit=5");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(revalidate, Ct)).StatusCode);
        var subnetsAgain = await GetJsonAsync(client, "/api/v1/subnets");
        Assert.Equal(0.9, subnetsAgain[0].GetProperty("criticalAt").GetDouble());

        var rate = await GetJsonAsync(client, "/api/v1/events/rate?minutes=5");
        Assert.Equal(23, rate.EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "ack").Sum(r => r.GetProperty("count").GetInt32()));
        var server = Assert.Single((await GetJsonAsync(client, "/api/v1/servers")).EnumerateArray());
        Assert.Equal(("kea-dhcp4", "active"), (server.GetProperty("name").GetString(), server.GetProperty("status").GetString()));

        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains("pguide_dhcp_packets_total{server=\"kea-dhcp4\",operation=\"ack\"} 23", metrics, StringComparison.Ordinal);
        Assert.Contains("pguide_dhcp_addresses_assigned{subnet=\"10.78.0.0/24\",subnet_id=\"2\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("pguide_dhcp_allocation_failures_total{server=\"kea-dhcp4\",subnet=\"10.78.0.0/24\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("pguide_http_request_duration_seconds_count{route=\"/api/v1/subnets\",method=\"GET\",status=\"200\"} 2", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("02:00:00", metrics, StringComparison.Ordinal); // no MAC labels
        await AssertPromtoolAcceptsAsync(metrics);
    }

    private static async Task AssertPromtoolAcceptsAsync(string exposition)
    {
        Prerequisites.RequirePrograms("promtool");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, exposition, Ct);
            var result = await ProcessRunner.RunAsync("bash", ["-c", $"promtool check metrics < '{file}'"], TimeSpan.FromSeconds(30), Ct);
            Assert.True(result.ExitCode == 0, $"promtool: {result.StandardOutput}{result.StandardError}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Real_kea_log_lines_fire_the_built_in_alerts_in_the_api_and_metrics()
    {
        using var client = _host.Client(await ReadKeyAsync());
        await _host.AppendKeaSampleAsync(Ct);

        JsonElement alerts = default;
        await ServeTestHost.EventuallyAsync(async () =>
        {
            alerts = await GetJsonAsync(client, "/api/v1/alerts");
            return alerts.GetProperty("active").EnumerateArray().Count(a => a.GetProperty("state").GetString() == "firing") >= 2;
        }, "the allocation-failure and address-conflict alerts", Ct);

        var firing = alerts.GetProperty("active").EnumerateArray().Where(a => a.GetProperty("state").GetString() == "firing")
            .ToDictionary(a => a.GetProperty("rule").GetString()!);
        // The sample: two allocation failures in 10.78.0.0/24 (3 addresses, all leased) and two DECLINEs in 10.77.0.0/22.
        Assert.Equal(("10.78.0.0/24", "critical", 2.0), (firing["allocation-failure"].GetProperty("labels").GetProperty("subnet").GetString(),
            firing["allocation-failure"].GetProperty("severity").GetString(), firing["allocation-failure"].GetProperty("value").GetDouble()));
        Assert.Equal("10.77.0.0/22", firing["address-conflict"].GetProperty("labels").GetProperty("subnet").GetString());
        // 100 % full, but the utilization rules wait for their 5 minutes.
        Assert.Contains(alerts.GetProperty("active").EnumerateArray(), a => a.GetProperty("rule").GetString() == "pool-utilization-critical" && a.GetProperty("state").GetString() == "pending");
        Assert.Contains(alerts.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("group").GetString() == "alertname=allocation-failure");

        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains("pguide_alerts{alertname=\"allocation-failure\",severity=\"critical\",state=\"firing\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarting_keeps_leases_and_does_not_store_events_twice()
    {
        using var client = _host.Client(await ReadKeyAsync());
        await _host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(async () => (await GetJsonAsync(client, "/api/v1/events?kind=allocation-failed")).GetProperty("items").GetArrayLength() == 2, "the sample", Ct);
        var before = (await GetJsonAsync(client, "/api/v1/leases?limit=1000")).GetProperty("items").GetArrayLength();
        var events = (await GetJsonAsync(client, "/api/v1/events?limit=1000")).GetProperty("items").GetArrayLength();

        await _host.RestartAsync(Ct);
        using var again = _host.Client(await ReadKeyAsync());
        var subnets = await GetJsonAsync(again, "/api/v1/subnets");
        Assert.Equal(3, subnets.EnumerateArray().Single(s => s.GetProperty("subnet").GetString() == "10.78.0.0/24").GetProperty("assigned").GetInt32());
        Assert.Equal(before, (await GetJsonAsync(again, "/api/v1/leases?limit=1000")).GetProperty("items").GetArrayLength());
        await Task.Delay(1000, Ct); // the tail has resumed from its checkpoint by now; nothing may be read twice
        Assert.Equal(events, (await GetJsonAsync(again, "/api/v1/events?limit=1000")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Without_a_key_only_health_readiness_metrics_and_the_dashboard_answer()
    {
        using var anonymous = _host.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/", Ct)).StatusCode);
        foreach (var path in new[] { "/api/v1/leases", "/api/v1/events", "/api/v1/subnets", "/api/v1/hosts", "/api/v1/servers", "/api/v1/events/stream" })
        {
            using var response = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer realm=\"pguide\"", response.Headers.WwwAuthenticate.ToString());
        }

        using var wrong = _host.Client("pgk_000000000000_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/leases", Ct)).StatusCode);
        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leases");
        header.Headers.Add("X-Api-Key", await ReadKeyAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(header, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_key_cannot_write_and_a_write_key_can()
    {
        using var reader = _host.Client(await ReadKeyAsync());
        using var writer = _host.Client(await _host.CreateKeyAsync(ApiScope.Write, Ct));
        var host = new { name = "printer-3", mac = "02-00-00-00-01-07", address = "10.77.1.6", owner = "facilities" };

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/hosts", host, Ct)).StatusCode);
        using var created = await writer.PostAsJsonAsync("/api/v1/hosts", host, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var etag = created.Headers.ETag!.Tag;
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("02:00:00:00:01:07", body.GetProperty("mac").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await writer.PostAsJsonAsync("/api/v1/hosts", host, Ct)).StatusCode);
        using var update = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(host with { owner = "ops" }) };
        update.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.OK, (await writer.SendAsync(update, Ct)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(host with { owner = "stale" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await writer.SendAsync(stale, Ct)).StatusCode);
        Assert.Equal("ops", (await GetJsonAsync(reader, location)).GetProperty("owner").GetString());
        Assert.Single((await GetJsonAsync(reader, "/api/v1/hosts?q=02:00:00:00:01:07")).GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(location, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_key_manages_keys_over_the_api_and_every_change_is_audited()
    {
        using var admin = _host.Client(await _host.CreateKeyAsync(ApiScope.Admin, Ct));
        using var writer = _host.Client(await _host.CreateKeyAsync(ApiScope.Write, Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/api/v1/apikeys", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/v1/apikeys", new { name = "x", scope = "admin" }, Ct)).StatusCode);

        using var created = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "grafana", scope = "read" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("record").GetProperty("id").GetString()!;
        Assert.Equal("read", body.GetProperty("record").GetProperty("scope").GetString());

        using var grafana = _host.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await grafana.GetAsync("/api/v1/subnets", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grafana.PostAsJsonAsync("/api/v1/hosts", new { name = "h1" }, Ct)).StatusCode);
        var listed = await admin.GetStringAsync("/api/v1/apikeys", Ct);
        Assert.Contains("\"grafana\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], listed, StringComparison.Ordinal); // the secret is shown once, at creation

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/apikeys/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await grafana.GetAsync("/api/v1/subnets", Ct)).StatusCode); // at once, not after the cache's 30 s
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/apikeys/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync("/api/v1/apikeys/..%2F..%2Fetc", Ct)).StatusCode);
        using var badScope = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "x", scope = "root" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        using var noName = await admin.PostAsJsonAsync("/api/v1/apikeys", new { scope = "read" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);

        var audit = (await GetJsonAsync(admin, "/api/v1/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["apikey.revoke", "apikey.create"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Equal(id, a.GetProperty("target").GetString()));
        Assert.DoesNotContain(key.Split('_')[2], audit[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_dns_configured_the_dns_endpoints_say_so()
    {
        using var writer = _host.Client(await _host.CreateKeyAsync(ApiScope.Write, Ct));

        Assert.Empty((await GetJsonAsync(writer, "/api/v1/dns/zones")).EnumerateArray());
        Assert.Empty((await GetJsonAsync(writer, "/api/v1/validations")).GetProperty("items").EnumerateArray());
        using var run = await writer.PostAsync("/api/v1/validations", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Contains("serve.dns.zones", await run.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var records = await writer.GetAsync("/api/v1/dns/records?zone=example.com", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, records.StatusCode);
        Assert.Contains("no dns.providers", await records.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/leases?limit=0", "limit")]
    [InlineData("/api/v1/leases?limit=abc", "limit")]
    [InlineData("/api/v1/leases?limit=99999999999999999999", "limit")]
    [InlineData("/api/v1/leases?mac=zz:zz", "mac")]
    [InlineData("/api/v1/leases?ip=10.0.0.300", "ip")]
    [InlineData("/api/v1/leases?ip=10.1", "ip")]
    [InlineData("/api/v1/leases?ip=10.0.0.0/33", "ip")]
    [InlineData("/api/v1/leases?state=sleeping", "state")]
    [InlineData("/api/v1/leases?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/leases/not-an-ip", "ip")]
    [InlineData("/api/v1/events?from=yesterday", "from")]
    [InlineData("/api/v1/events?kind=%3Cscript%3E", "kind")]
    [InlineData("/api/v1/events?cursor=-1", "cursor")]
    [InlineData("/api/v1/events/rate?minutes=100000", "minutes")]
    [InlineData("/api/v1/hosts?limit=-3", "limit")]
    [InlineData("/api/v1/validations?state=bored", "state")]
    [InlineData("/api/v1/validations?cursor=x", "cursor")]
    [InlineData("/api/v1/dns/records", "zone")]
    [InlineData("/api/v1/dns/records?zone=a..b", "zone")]
    [InlineData("/api/v1/dns/records?zone=example.com&type=%3Cscript%3E", "type")]
    public async Task Bad_parameters_get_problem_details_naming_the_field(string path, string field)
    {
        using var client = _host.Client(await ReadKeyAsync());
        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var problem = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal); // echoed input is JSON-escaped
    }

    [Theory]
    [InlineData("{\"name\": \"bad name!\"}", "name")]
    [InlineData("{\"name\": \"ok\", \"mac\": \"not-a-mac\"}", "mac")]
    [InlineData("{\"name\": \"ok\", \"address\": \"10.1\"}", "address")]
    [InlineData("{\"name\": \"ok\", \"address\": \"010.0.0.1\"}", "address")]
    [InlineData("{\"name\": \"ok\", \"address\": \"fe80::1%eth0\"}", "address")]
    [InlineData("{\"mac\": \"02:00:00:00:01:07\"}", "name")]
    [InlineData("{\"name\": 42}", "name")]
    [InlineData("{\"name\": \"ok\"", "body")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("null", "body")]
    public async Task Bad_bodies_get_problem_details_naming_the_field(string json, string field)
    {
        using var client = _host.Client(await _host.CreateKeyAsync(ApiScope.Write, Ct));
        using var response = await client.PostAsync("/api/v1/hosts", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Oversized_and_non_json_bodies_are_refused()
    {
        using var client = _host.Client(await _host.CreateKeyAsync(ApiScope.Write, Ct));
        var huge = "{\"name\": \"x\", \"notes\": \"" + new string('n', 10_000) + "\"}";

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/api/v1/hosts", new StringContent(huge, Encoding.UTF8, "application/json"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/api/v1/hosts", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_unknown_paths_are_problems()
    {
        using var client = _host.Client(await ReadKeyAsync());
        using var response = await client.GetAsync("/api/v1/nothing-here", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var client = _host.Client();
        var document = await GetJsonAsync(client, "/openapi/v1.json");

        Assert.Equal("PacketGuide API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/leases", paths);
        Assert.Contains("/api/v1/hosts/{id}", paths);
        Assert.Contains("/healthz", paths);
        Assert.Contains("/api/v1/dns/records/{name}/{type}", paths);
        Assert.Contains("/api/v1/dns/apply", paths);
        Assert.Contains("/api/v1/validations/{id}", paths);
        Assert.Contains("/api/v1/apikeys", paths);
        var put = document.GetProperty("paths").GetProperty("/api/v1/dns/records/{name}/{type}").GetProperty("put");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), put.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_event_stream_sends_new_events_and_resumes_after_the_last_id()
    {
        using var client = _host.Client(await ReadKeyAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream?kind=ack");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        await _host.AppendKeaSampleAsync(Ct);
        var ids = new List<long>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (ids.Count < 23 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var e = JsonDocument.Parse(line[6..]).RootElement;
                Assert.Equal("ack", e.GetProperty("kind").GetString());
                ids.Add(e.GetProperty("seq").GetInt64());
            }
        }

        Assert.Equal(23, ids.Count);
        Assert.Equal(ids.Order(), ids);

        using var resume = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream?kind=ack");
        resume.Headers.Add("Last-Event-ID", ids[19].ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var resumed = await client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, Ct);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync(Ct));
        var missed = new List<long>();
        while (missed.Count < 3 && await resumedReader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                missed.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(ids[20..], missed);
    }
}
