using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Dashboard;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>pguide dashboard export against a running service: the pages, and a snapshot equal to what the API says.</summary>
public sealed class DashboardExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_export_holds_the_pages_and_the_apis_answers()
    {
        await using var work = TestWorkDirectory.Create("dashboard-export");
        await using var host = await ServeTestHost.StartAsync(work, null, Ct);
        var key = await host.CreateKeyAsync(ApiScope.Read, Ct);
        using var api = host.Client(key);
        await host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(async () => JsonDocument.Parse(await api.GetStringAsync("/api/v1/events?kind=allocation-failed", Ct)).RootElement.GetProperty("items").GetArrayLength() == 2, "the whole sample", Ct);

        var site = work.File("site");
        using var client = DashboardExport.CreateClient(host.BaseAddress, key);
        var (leases, events) = await DashboardExport.ExportAsync(client, site, maxLeases: 10, TimeProvider.System, Ct);

        Assert.Equal(10, leases);
        Assert.True(events >= 59, $"{events} events");
        var index = await File.ReadAllTextAsync(Path.Combine(site, "index.html"), Ct);
        Assert.Contains("<meta name=\"pguide-snapshot\" content=\"snapshot.json\">", index, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(site, "ui", "app.js")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(site, "ui", "vendor"), "*.js", SearchOption.AllDirectories));

        using var snapshot = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(site, "snapshot.json"), Ct));
        var root = snapshot.RootElement;
        using var subnets = JsonDocument.Parse(await api.GetStringAsync("/api/v1/subnets", Ct));
        Assert.Equal(subnets.RootElement.ToString(), root.GetProperty("subnets").ToString());
        Assert.Equal(10, root.GetProperty("leases").GetArrayLength());
        Assert.Equal(events, root.GetProperty("events").GetArrayLength());
        Assert.Equal("kea-dhcp4", root.GetProperty("servers")[0].GetProperty("name").GetString());
        Assert.True(root.GetProperty("eventRate").GetArrayLength() > 0);
        Assert.True(root.TryGetProperty("generatedAt", out _));
    }

    [Fact]
    public async Task Without_a_key_the_export_is_refused_with_the_fix()
    {
        await using var work = TestWorkDirectory.Create("dashboard-export-401");
        await using var host = await ServeTestHost.StartAsync(work, null, Ct);
        using var client = DashboardExport.CreateClient(host.BaseAddress, apiKey: null);

        var ex = await Assert.ThrowsAsync<DashboardExportException>(() => DashboardExport.ExportAsync(client, work.File("site"), 10, TimeProvider.System, Ct));

        Assert.False(ex.Unreachable);
        Assert.Contains("--api-key", ex.Message, StringComparison.Ordinal);
    }
}
