using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json;
using PacketGuide.Dns.Config;
using PacketGuide.IntegrationTests.Dns;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Api;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The web dashboard of <c>pguide serve --demo</c>, run in process on a free loopback port (<see cref="ServeTestHost"/>),
/// checked in headless Chromium (Debian's, through playwright-core: scripts/lint/dashboard-check.sh): the overview, a
/// subnet page and a client page load with no console error, page error or failed request; the numbers shown equal
/// the API's; live events arrive through the stream; search, the theme toggle, the API key form and the static
/// snapshot mode work; hostile log fields stay text. Set PGUIDE_UPDATE_DOCS=1 to refresh docs/images/dashboard-*.png
/// from the screenshots it takes.
/// </summary>
public sealed class DashboardTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>
{
    private static readonly string[] s_shots = ["overview-light", "overview-dark", "subnet", "client", "overview-375", "dns"];

    [Fact]
    public async Task The_dashboard_shows_the_api_numbers_live_and_passes_the_browser_check()
    {
        if (!Prerequisites.Have("chromium"))
        {
            Assert.Skip("not installed: chromium (apt-get install chromium; scripts/test.sh does)");
        }

        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await using var work = TestWorkDirectory.Create("dashboard");
        // The DNS section validates the zones of a real PowerDNS (static.test has a finding: its SOA timers).
        var keyFile = work.File("pdns-api-key");
        await File.WriteAllTextAsync(keyFile, servers.PowerDns.ApiKey, ct);
        var providers = DnsConfigLoader.ParseProviders("pguide.yaml",
            $"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {servers.PowerDns.ApiUrl}\n      api-key: file:{keyFile}\n      server: 127.0.0.1:{servers.PowerDns.Port}\n");
        // The demo replays real Kea output a few lines a second: live traffic for the stream and the chart.
        await using var host = await ServeTestHost.StartAsync(work, o => o with { Demo = true, Dns = o.Dns with { Providers = providers } }, ct);
        using var http = host.Client();
        await ServeTestHost.EventuallyAsync(async () =>
            (await http.GetFromJsonAsync("/api/v1/validations?state=done&limit=1", ServerJsonContext.Default.PageValidationRunRecord, ct))!.Items.Count > 0,
            "the first DNS validation run", ct);
        // Leases and the first declines (about 15 s in), so every table of the overview has rows to compare.
        await ServeTestHost.EventuallyAsync(async () =>
            (await http.GetFromJsonAsync("/api/v1/leases?limit=1", ServerJsonContext.Default.PageLeaseRecord, ct))!.Items.Count > 0
            && (await http.GetFromJsonAsync("/api/v1/events?kind=decline&limit=1", ServerJsonContext.Default.PageEventRecord, ct))!.Items.Count > 0,
            "demo leases and declines", ct);
        var subnets = await http.GetFromJsonAsync("/api/v1/subnets", ServerJsonContext.Default.IReadOnlyListSubnetView, ct);

        var shots = work.File("shots");
        var result = await LintScript.RunAsync("dashboard-check.sh", [host.BaseAddress.ToString().TrimEnd('/'), shots], ct);

        Assert.True(result.ExitCode is 0 or 1, $"dashboard-check.sh exited {result.ExitCode}\n{result.StandardError}");
        using var summary = JsonDocument.Parse(result.StandardOutput);
        var root = summary.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), $"failed: {root.GetProperty("failed")}\n{result.StandardOutput}");
        Assert.Empty(root.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(root.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(root.GetProperty("failedRequests").EnumerateArray());
        Assert.True(root.GetProperty("liveEvents").GetInt32() > 0, "no live event reached the page");
        Assert.Equal(0, root.GetProperty("snapshot").GetProperty("apiCalls").GetInt32());

        // Every validated zone is shown with the API's counts, and the zone page lists as many findings as the report.
        var dns = root.GetProperty("dns");
        var zones = dns.GetProperty("zones").EnumerateArray().ToList();
        Assert.Equal(["api.test.", "secure.test.", "static.test."], zones.Select(z => z.GetProperty("zone").GetString()).Order(StringComparer.Ordinal));
        foreach (var zone in zones)
        {
            Assert.Equal(zone.GetProperty("api").ToString(), zone.GetProperty("shown").ToString());
        }

        var zonePage = dns.GetProperty("zonePage");
        Assert.Equal(zonePage.GetProperty("findings").GetProperty("api").GetInt32(), zonePage.GetProperty("findings").GetProperty("shown").GetInt32());

        // Every subnet the API knows is drawn, with the API's numbers (the script compares each with the answer the page got).
        var shown = root.GetProperty("subnets").EnumerateArray().ToList();
        Assert.Equal(subnets!.Select(s => s.Subnet).Order(StringComparer.Ordinal), shown.Select(s => s.GetProperty("subnet").GetString()).Order(StringComparer.Ordinal));
        foreach (var row in shown)
        {
            Assert.Equal(row.GetProperty("api").GetProperty("assigned").GetInt64(), row.GetProperty("shown").GetProperty("assigned").GetInt64());
            Assert.Equal(row.GetProperty("api").GetProperty("total").GetDecimal(), row.GetProperty("shown").GetProperty("total").GetDecimal());
        }

        foreach (var name in s_shots)
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(shots, $"dashboard-{name}.png"), ct);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.Equal(name == "overview-375" ? 375 : 1440, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        }

        var docs = Path.Combine(RepositoryLayout.Root, "docs", "images");
        if (Environment.GetEnvironmentVariable("PGUIDE_UPDATE_DOCS") == "1")
        {
            foreach (var name in s_shots)
            {
                File.Copy(Path.Combine(shots, $"dashboard-{name}.png"), Path.Combine(docs, $"dashboard-{name}.png"), overwrite: true);
            }
        }

        Assert.All(s_shots, name => Assert.True(File.Exists(Path.Combine(docs, $"dashboard-{name}.png")),
            $"docs/images/dashboard-{name}.png is missing: run this test with PGUIDE_UPDATE_DOCS=1 and commit it"));
    }
}
