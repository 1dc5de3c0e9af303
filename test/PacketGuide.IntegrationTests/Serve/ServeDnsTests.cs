using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PacketGuide.Dns.Config;
using PacketGuide.IntegrationTests.Dns;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The service's DNS side against a real PowerDNS (HTTP API) and a real BIND (RFC 2136 with TSIG): records read and
/// changed through <c>/api/v1/dns/records</c>, zone specs planned and applied through <c>/api/v1/dns/plan|apply</c>,
/// validation runs with their reports, /metrics and /api/v1/servers. Every claim is checked over DNS with dig. Each test
/// owns its zones (created through PowerDNS's API or <c>rndc addzone</c>).
/// </summary>
public sealed class ServeDnsTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IAsyncLifetime
{
    private readonly AsyncCleanup _cleanup = new();
    private TestWorkDirectory _work = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _work = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("serve-dns"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task Records_are_read_and_changed_through_the_provider_checked_first_and_audited(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var zone = await NewZoneAsync(provider, "svc-rec");
        var host = await StartAsync(o => o, bindZones: provider == "bind" ? [zone] : []);
        using var write = host.Client(await host.CreateKeyAsync(ApiScope.Write, Ct));
        using var read = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        using var admin = host.Client(await host.CreateKeyAsync(ApiScope.Admin, Ct));

        var zones = await JsonAsync(read, HttpMethod.Get, "/api/v1/dns/zones", null, HttpStatusCode.OK);
        Assert.Contains(zones.EnumerateArray(), z => z.GetProperty("zone").GetString() == zone && z.GetProperty("provider").GetString() == provider);

        var www = $"www.{zone}";
        var dry = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/{www}/A?dryRun=true", new { values = new[] { "192.0.2.10", "192.0.2.11" }, ttl = 300 }, HttpStatusCode.OK);
        Assert.True(dry.GetProperty("changed").GetBoolean() && dry.GetProperty("dryRun").GetBoolean());
        Assert.Empty(await DigAsync(provider, www, "A"));

        await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/{www}/A", new { values = new[] { "192.0.2.10", "192.0.2.11" }, ttl = 300 }, HttpStatusCode.OK);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], await DigAsync(provider, www, "A"));
        var same = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/{www}/A", new { values = new[] { "192.0.2.11", "192.0.2.10" }, ttl = 300 }, HttpStatusCode.OK);
        Assert.False(same.GetProperty("changed").GetBoolean());

        await JsonAsync(write, HttpMethod.Post, $"/api/v1/dns/records/{www}/A", new { values = new[] { "192.0.2.12" } }, HttpStatusCode.OK);
        Assert.Equal(["192.0.2.10", "192.0.2.11", "192.0.2.12"], await DigAsync(provider, www, "A"));
        var removed = await JsonAsync(write, HttpMethod.Delete, $"/api/v1/dns/records/{www}/A?value=192.0.2.10", null, HttpStatusCode.OK);
        Assert.Equal(["192.0.2.11", "192.0.2.12"], removed.GetProperty("after").GetProperty("values").EnumerateArray().Select(v => v.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["192.0.2.11", "192.0.2.12"], await DigAsync(provider, www, "A"));

        // zone= makes names relative; TXT text is quoted for the caller, as the CLI does.
        // BIND refuses an MX whose in-zone target has no address: point it at www, which has.
        await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/mail/MX?zone={zone}", new { values = new[] { $"10 www.{zone}" } }, HttpStatusCode.OK);
        await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/@/TXT?zone={zone}", new { values = new[] { "v=spf1 -all" } }, HttpStatusCode.OK);
        Assert.Equal([$"10 www.{zone}"], await DigAsync(provider, $"mail.{zone}", "MX"));
        Assert.Equal(["\"v=spf1 -all\""], await DigAsync(provider, zone, "TXT"));

        var list = await JsonAsync(read, HttpMethod.Get, $"/api/v1/dns/records?zone={zone}&type=A&name=www", null, HttpStatusCode.OK);
        var set = Assert.Single(list.GetProperty("rrsets").EnumerateArray());
        Assert.Equal((www, 300), (set.GetProperty("name").GetString(), set.GetProperty("ttl").GetInt32()));

        await JsonAsync(write, HttpMethod.Delete, $"/api/v1/dns/records/{www}/A", null, HttpStatusCode.OK);
        Assert.Empty(await DigAsync(provider, www, "A"));

        // Scopes: reading does not change.
        await JsonAsync(read, HttpMethod.Put, $"/api/v1/dns/records/{www}/A", new { values = new[] { "192.0.2.66" } }, HttpStatusCode.Forbidden);
        Assert.Empty(await DigAsync(provider, www, "A"));

        // Every change is in the audit log (admin only), with who made it and what it was before.
        await JsonAsync(write, HttpMethod.Get, "/api/v1/audit", null, HttpStatusCode.Forbidden);
        var audit = (await JsonAsync(admin, HttpMethod.Get, "/api/v1/audit", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["dns.record.delete", "dns.record.set", "dns.record.set", "dns.record.remove", "dns.record.add", "dns.record.set"],
            audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Contains("(test-Write)", a.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.Equal(2, audit[0].GetProperty("detail").GetProperty("before").GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task Bad_record_input_gets_field_errors_and_sends_nothing()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var zone = await NewZoneAsync("pdns", "svc-bad");
        var host = await StartAsync(o => o, bindZones: []);
        using var write = host.Client(await host.CreateKeyAsync(ApiScope.Write, Ct));

        var both = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/www.{zone}/A", new { values = new[] { "999.1.1.1" }, ttl = -5 }, HttpStatusCode.BadRequest);
        Assert.True(both.GetProperty("errors").TryGetProperty("values", out _) && both.GetProperty("errors").TryGetProperty("ttl", out _), both.ToString());
        var type = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/www.{zone}/BOGUS", new { values = new[] { "x" } }, HttpStatusCode.BadRequest);
        Assert.True(type.GetProperty("errors").TryGetProperty("type", out _));
        var empty = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/www.{zone}/A", new { values = Array.Empty<string>() }, HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("values", out _));
        var elsewhere = await JsonAsync(write, HttpMethod.Put, "/api/v1/dns/records/www.not-served.test/A", new { values = new[] { "192.0.2.1" } }, HttpStatusCode.BadRequest);
        Assert.Contains("no zone of", elsewhere.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        var ownerOutside = await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/www.example.net./A?zone={zone}", new { values = new[] { "192.0.2.1" } }, HttpStatusCode.BadRequest);
        Assert.True(ownerOutside.GetProperty("errors").TryGetProperty("name", out _));

        // Hostile names are refused and never echoed as markup.
        using var hostile = await write.PutAsync($"/api/v1/dns/records/{Uri.EscapeDataString("<script>x</script>." + zone)}/A",
            new StringContent("{\"values\":[\"192.0.2.1\"]}", Encoding.UTF8, "application/json"), Ct);
        var text = await hostile.Content.ReadAsStringAsync(Ct);
        Assert.True(hostile.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, text);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);

        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 5)) + "." + zone;
        await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/{longName}/A", new { values = new[] { "192.0.2.1" } }, HttpStatusCode.BadRequest);
        using var notJson = await write.PutAsync($"/api/v1/dns/records/www.{zone}/A", new StringContent("values=1", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        using var wrongShape = await write.PutAsync($"/api/v1/dns/records/www.{zone}/A", new StringContent("{\"values\": 5}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);

        Assert.Empty(await DigAsync("pdns", $"www.{zone}", "A"));
    }

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task A_zone_spec_is_planned_and_applied_over_the_api_and_a_stale_plan_is_refused(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var zone = await NewZoneAsync(provider, "svc-plan");
        var host = await StartAsync(o => o, bindZones: provider == "bind" ? [zone] : []);
        using var write = host.Client(await host.CreateKeyAsync(ApiScope.Write, Ct));
        using var admin = host.Client(await host.CreateKeyAsync(ApiScope.Admin, Ct));
        var spec = $"zone: {zone}\nprovider: {provider}\nttl: 300\nrecords:\n  - {{name: app, type: A, values: [192.0.2.50, 192.0.2.51]}}\n  - {{name: \"@\", type: MX, value: 10 app.{zone}}}\n";

        var plan = await JsonAsync(write, HttpMethod.Post, "/api/v1/dns/plan", new { spec }, HttpStatusCode.OK);
        Assert.Equal("pguide-dns-plan", plan.GetProperty("format").GetString());
        var planned = plan.GetProperty("zones")[0];
        Assert.Equal(2, planned.GetProperty("summary").GetProperty("create").GetInt32());
        var fingerprint = planned.GetProperty("fingerprint").GetString();

        // Applying needs the admin scope.
        await JsonAsync(write, HttpMethod.Post, "/api/v1/dns/apply", new { spec }, HttpStatusCode.Forbidden);

        // Someone changes the zone after the review: the reviewed plan is refused and nothing is sent.
        await JsonAsync(write, HttpMethod.Put, $"/api/v1/dns/records/other.{zone}/A", new { values = new[] { "192.0.2.99" } }, HttpStatusCode.OK);
        var stale = await JsonAsync(admin, HttpMethod.Post, "/api/v1/dns/apply", new { spec, fingerprint }, HttpStatusCode.Conflict);
        Assert.Contains("changed since", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await DigAsync(provider, $"app.{zone}", "A"));

        var applied = await JsonAsync(admin, HttpMethod.Post, "/api/v1/dns/apply", new { spec }, HttpStatusCode.OK);
        var result = Assert.Single(applied.GetProperty("zones").EnumerateArray());
        Assert.Equal((2, 2), (result.GetProperty("applied").GetInt32(), result.GetProperty("markers").GetInt32()));
        Assert.Equal(["192.0.2.50", "192.0.2.51"], await DigAsync(provider, $"app.{zone}", "A"));
        Assert.Equal([$"10 app.{zone}"], await DigAsync(provider, zone, "MX"));
        var again = await JsonAsync(write, HttpMethod.Post, "/api/v1/dns/plan", new { spec }, HttpStatusCode.OK);
        Assert.False(again.GetProperty("changes").GetBoolean());

        // An invalid spec names its line; nothing is read from the provider.
        var invalid = await JsonAsync(write, HttpMethod.Post, "/api/v1/dns/plan", new { spec = $"zone: {zone}\nrecords:\n  - {{name: x, type: A, value: not-an-ip}}\n" }, HttpStatusCode.BadRequest);
        Assert.Contains("spec:3", invalid.GetProperty("errors").GetProperty("spec")[0].GetString(), StringComparison.Ordinal);
        // No specs configured: naming zones is not possible.
        await JsonAsync(write, HttpMethod.Post, "/api/v1/dns/plan", new { zones = new[] { zone } }, HttpStatusCode.NotFound);

        var audit = (await JsonAsync(admin, HttpMethod.Get, "/api/v1/audit", null, HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal(("dns.apply", zone), (audit.GetProperty("action").GetString(), audit.GetProperty("target").GetString()));
    }

    [Fact]
    public async Task A_validation_run_reports_findings_serials_and_dead_servers_in_the_api_metrics_and_servers()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var zone = await NewZoneAsync("pdns", "svc-val");
        var specs = Path.Combine(_work.Path, "zones");
        Directory.CreateDirectory(specs);
        // Declared but not served: declared-served must fail for this zone.
        await File.WriteAllTextAsync(Path.Combine(specs, zone + "yaml"), $"zone: {zone}\nprovider: pdns\nrecords:\n  - {{name: missing, type: A, value: 192.0.2.7}}\n", Ct);
        var dead = $"127.0.0.1:{ClosedPort()}";
        var host = await StartAsync(o => o with { Dns = o.Dns with { ZoneSpecs = [specs], ValidateEvery = null } }, bindZones: ["static.test."], extraProviders: $"""
                dead:
                  type: rfc2136
                  server: {dead}
                  zones: [dead.test]
            """);
        using var write = host.Client(await host.CreateKeyAsync(ApiScope.Write, Ct));
        using var read = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        Assert.Empty((await JsonAsync(read, HttpMethod.Get, "/api/v1/validations", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        using var response = await write.PostAsync("/api/v1/validations", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var run = await WaitForRunAsync(read, location);
        Assert.Equal(("done", "api"), (run.GetProperty("state").GetString(), run.GetProperty("trigger").GetString()));

        var summary = run.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zone").GetString()!);
        Assert.Equal("error", summary[zone].GetProperty("worst").GetString());
        Assert.Contains(run.GetProperty("report").GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("zone").GetString() == zone).GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("check").GetString() == "declared-served" && f.GetProperty("subject").GetString()!.Contains($"missing.{zone}", StringComparison.Ordinal));
        // static.test is on both servers (a provider zone with no spec): its serials are what dig sees.
        var pdnsServer = $"127.0.0.1:{servers.PowerDns.Port}";
        var bindServer = $"127.0.0.1:{servers.Bind.Port}";
        var serial = long.Parse((await DigAsync("pdns", "static.test.", "SOA"))[0].Split(' ')[2], CultureInfo.InvariantCulture);
        Assert.Equal(serial, summary["static.test."].GetProperty("serials").GetProperty(pdnsServer).GetInt64());
        Assert.True(summary["dead.test."].GetProperty("errors").GetInt32() > 0);

        var metrics = await read.GetStringAsync("/metrics", Ct);
        Assert.Contains($"pguide_dns_soa_serial{{zone=\"static.test.\",server=\"{pdnsServer}\"}} {serial}", metrics, StringComparison.Ordinal);
        Assert.Contains($"pguide_dns_validation_check_passed{{zone=\"{zone}\",check=\"declared-served\"}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("pguide_dns_validation_runs_total{result=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.True(metrics.Contains("pguide_dns_query_duration_seconds_count", StringComparison.Ordinal), metrics);
        Assert.Matches($"pguide_dns_query_duration_seconds_count\\{{server=\"{bindServer.Replace(".", "\\.", StringComparison.Ordinal)}\"\\}} [1-9]", metrics);
        if (Prerequisites.Have("promtool"))
        {
            var file = _work.File("metrics.txt");
            await File.WriteAllTextAsync(file, metrics, Ct);
            var check = await ProcessRunner.RunAsync("bash", ["-c", $"promtool check metrics < '{file}'"], TimeSpan.FromSeconds(30), Ct);
            Assert.True(check.ExitCode == 0, $"promtool: {check.StandardOutput}{check.StandardError}");
        }

        var known = (await JsonAsync(read, HttpMethod.Get, "/api/v1/servers", null, HttpStatusCode.OK)).EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "dns").ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("up", known[pdnsServer].GetProperty("status").GetString());
        Assert.Equal("down", known[dead].GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(known[dead].GetProperty("error").GetString()));

        // One zone on request; an unknown zone fails the run with the reason; a bad name is refused at once.
        using var one = await write.PostAsJsonAsync("/api/v1/validations", new { zones = new[] { "static.test" } }, Ct);
        var only = await WaitForRunAsync(read, one.Headers.Location!.ToString());
        Assert.Equal(["static.test."], only.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("zone").GetString()));
        using var unknown = await write.PostAsJsonAsync("/api/v1/validations", new { zones = new[] { "elsewhere.test" } }, Ct);
        var failed = await WaitForRunAsync(read, unknown.Headers.Location!.ToString());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("elsewhere.test.", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        await JsonAsync(write, HttpMethod.Post, "/api/v1/validations", new { zones = new[] { "bad name with spaces" } }, HttpStatusCode.BadRequest);
        await JsonAsync(read, HttpMethod.Post, "/api/v1/validations", new { }, HttpStatusCode.Forbidden);
        await JsonAsync(read, HttpMethod.Get, "/api/v1/validations/999999", null, HttpStatusCode.NotFound);

        // static.test is at two providers: reading or changing it needs provider=.
        var ambiguous = await JsonAsync(read, HttpMethod.Get, "/api/v1/dns/records?zone=static.test", null, HttpStatusCode.BadRequest);
        Assert.Contains("say which with provider=", ambiguous.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await JsonAsync(write, HttpMethod.Put, "/api/v1/dns/records/www.static.test/A?dryRun=true", new { values = new[] { "192.0.2.1" } }, HttpStatusCode.BadRequest);
        var fromBind = await JsonAsync(read, HttpMethod.Get, "/api/v1/dns/records?zone=static.test&provider=bind", null, HttpStatusCode.OK);
        Assert.Equal("bind", fromBind.GetProperty("provider").GetString());

        var page = await JsonAsync(read, HttpMethod.Get, "/api/v1/validations?limit=2", null, HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var rest = await JsonAsync(read, HttpMethod.Get, $"/api/v1/validations?limit=2&cursor={page.GetProperty("next").GetString()}", null, HttpStatusCode.OK);
        Assert.Equal(run.GetProperty("id").GetInt64(), Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Prometheus_scraping_the_service_sees_the_serials_findings_and_answer_times_of_a_run()
    {
        Prerequisites.RequirePrograms([.. DnsServersFixture.Programs, "prometheus"]);
        var host = await StartAsync(o => o with { Dns = o.Dns with { ValidateEvery = TimeSpan.FromHours(1) } }, bindZones: ["static.test."]);
        using var read = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        JsonElement run = default;
        await ServeTestHost.EventuallyAsync(async () =>
        {
            var items = (await JsonAsync(read, HttpMethod.Get, "/api/v1/validations?state=done", null, HttpStatusCode.OK)).GetProperty("items");
            run = items.GetArrayLength() > 0 ? items[0] : default;
            return items.GetArrayLength() > 0;
        }, "the scheduled run at start", Ct);
        var prometheus = _cleanup.Add("stop Prometheus", new PrometheusServer(_cleanup.Add("delete Prometheus work directory", TestWorkDirectory.Create("prom-dns"))));
        await prometheus.StartAsync(host.BaseAddress.Authority, Ct);

        var serial = long.Parse((await DigAsync("bind", "static.test.", "SOA"))[0].Split(' ')[2], CultureInfo.InvariantCulture);
        var staticTest = run.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("zone").GetString() == "static.test.");
        await prometheus.ExpectAsync($"pguide_dns_soa_serial{{zone=\"static.test.\",server=\"127.0.0.1:{servers.Bind.Port}\"}}", serial, Ct);
        await prometheus.ExpectAsync("count(pguide_dns_soa_serial{zone=\"static.test.\"})", 2, Ct); // the zone is at both providers: both servers asked
        await prometheus.ExpectAsync("max(pguide_dns_soa_serial_lag{zone=\"static.test.\"})", 0, Ct);
        await prometheus.ExpectAsync("pguide_dns_validation_findings{zone=\"static.test.\",severity=\"warning\"}", staticTest.GetProperty("warnings").GetInt32(), Ct);
        await prometheus.ExpectAsync("sum(pguide_dns_query_duration_seconds_count)", v => v > 10, "more than 10 answers timed", Ct);
        await prometheus.ExpectAsync("pguide_dns_validation_runs_total{result=\"ok\"}", 1, Ct);
    }

    [Fact]
    public async Task The_schedule_validates_at_start_and_a_run_cut_off_by_a_stop_is_failed_at_the_next_start()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var host = await StartAsync(o => o with { Dns = o.Dns with { ValidateEvery = TimeSpan.FromHours(1), ValidateProviderZones = true } }, bindZones: ["static.test."]);
        using var read = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        JsonElement first = default;
        await ServeTestHost.EventuallyAsync(async () =>
        {
            var items = (await JsonAsync(read, HttpMethod.Get, "/api/v1/validations?state=done", null, HttpStatusCode.OK)).GetProperty("items");
            first = items.GetArrayLength() > 0 ? items[0] : default;
            return items.GetArrayLength() > 0;
        }, "the scheduled run at start", Ct);
        Assert.Equal("schedule", first.GetProperty("trigger").GetString());

        var orphan = await host.Services.GetRequiredService<ValidationRunStore>().CreateAsync("api", "test", null, Ct);
        await host.RestartAsync(Ct);
        using var again = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        var after = await JsonAsync(again, HttpMethod.Get, $"/api/v1/validations/{orphan.Id}", null, HttpStatusCode.OK);
        Assert.Equal("failed", after.GetProperty("state").GetString());
        Assert.Contains("stopped", after.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_secret_that_cannot_be_read_stops_the_start_naming_the_provider()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var yaml = $"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {servers.PowerDns.ApiUrl}\n      api-key: file:{_work.File("no-such-key")}\n";
        var path = _work.File("pguide.yaml");
        await File.WriteAllTextAsync(path, yaml, Ct);
        var options = await ServeConfigLoader.LoadAsync(path, _ => null, [], Ct);

        var error = await Assert.ThrowsAsync<ServeConfigException>(() => ServeTestHost.StartAsync(_work, o => o with { Dns = options.Dns }, Ct));
        Assert.Contains("dns.providers.pdns", error.Message, StringComparison.Ordinal);
    }

    private async Task<ServeTestHost> StartAsync(Func<ServeOptions, ServeOptions> configure, IReadOnlyList<string> bindZones, string extraProviders = "")
    {
        var keyFile = _work.File("pdns-api-key");
        await File.WriteAllTextAsync(keyFile, servers.PowerDns.ApiKey, Ct);
        var bind = bindZones.Count == 0 ? "" : $"""
                bind:
                  type: rfc2136
                  server: 127.0.0.1:{servers.Bind.Port}
                  zones: [{string.Join(", ", bindZones)}]
                  tsig-key-file: {servers.Bind.KeyFile}

            """;
        var yaml = $"""
            dns:
              providers:
                pdns:
                  type: powerdns
                  url: {servers.PowerDns.ApiUrl}
                  api-key: file:{keyFile}
                  server: 127.0.0.1:{servers.PowerDns.Port}
            {bind}{extraProviders}
            """;
        var definitions = DnsConfigLoader.ParseProviders("pguide.yaml", yaml);
        var host = await ServeTestHost.StartAsync(_work, o => configure(o with
        {
            Dns = o.Dns with { Providers = definitions, ValidateEvery = null, Timeout = TimeSpan.FromSeconds(1) },
            Security = o.Security with { RequestsPerMinute = 100_000 },
        }), Ct);
        return _cleanup.Add("stop the service", host);
    }

    private async Task<string> NewZoneAsync(string provider, string purpose)
    {
        var zone = $"{purpose}-{provider}.test.";
        if (provider == "bind")
        {
            await servers.Bind.AddZoneAsync(zone, $"$TTL 300\n@ IN SOA ns1.{zone} hostmaster.{zone} 1 3600 600 86400 300\n  IN NS ns1.{zone}\nns1 IN A 127.0.0.1\n", Ct);
        }
        else
        {
            await servers.PowerDns.CreateZoneAsync(zone, Ct);
        }

        return zone;
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, string location)
    {
        JsonElement run = default;
        await ServeTestHost.EventuallyAsync(async () =>
        {
            run = await JsonAsync(client, HttpMethod.Get, location, null, HttpStatusCode.OK);
            return run.GetProperty("state").GetString() is "done" or "failed";
        }, $"run {location} to finish", Ct);
        return run;
    }

    private async Task<List<string>> DigAsync(string provider, string name, string type)
    {
        var port = provider == "bind" ? servers.Bind.Port : servers.PowerDns.Port;
        var dig = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), name, type, "+short", "+norec"],
            TimeSpan.FromSeconds(30), Ct);
        return [.. dig.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary>A loopback port nothing listens on (bound and released): a DNS server that is down.</summary>
    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
