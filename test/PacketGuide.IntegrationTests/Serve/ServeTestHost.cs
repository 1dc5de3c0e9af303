using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// <c>pguide serve</c> in process on 127.0.0.1 (a port the OS picks), following a Kea log in the test's work directory
/// into a real store. The log starts empty; <see cref="AppendKeaSampleAsync"/> writes the bundled real kea-dhcp4 output
/// with its times moved to now.
/// </summary>
public sealed class ServeTestHost : IAsyncDisposable
{
    private WebApplication? _app;

    private ServeTestHost(ServeOptions options, string logPath)
    {
        Options = options;
        LogPath = logPath;
    }

    public ServeOptions Options { get; }

    public string LogPath { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static async Task<ServeTestHost> StartAsync(TestWorkDirectory work, Func<ServeOptions, ServeOptions>? configure, CancellationToken cancellationToken)
    {
        var log = work.File("kea-dhcp4.log");
        await File.WriteAllTextAsync(log, "", cancellationToken);
        var options = new ServeOptions
        {
            Urls = ["http://127.0.0.1:0"],
            DataDirectory = work.File("data"),
            Dhcp = new DhcpSourceOptions { Logs = [log], Config = Path.Combine(RepositoryLayout.Root, "examples/leases/kea-dhcp4.conf"), FromStart = true },
        };
        var host = new ServeTestHost(configure?.Invoke(options) ?? options, log);
        await host.RestartAsync(cancellationToken);
        return host;
    }

    /// <summary>Stops the service (as SIGTERM would) and starts it again on the same data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        _app = await ServeHost.BuildAsync(Options, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning), cancellationToken);
        await _app.StartAsync(cancellationToken);
        BaseAddress = new Uri(_app.Urls.First());
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async Task<string> CreateKeyAsync(ApiScope scope, CancellationToken cancellationToken) =>
        (await Services.GetRequiredService<ApiKeyStore>().CreateAsync($"test-{scope}", scope, cancellationToken)).Key;

    /// <summary>Appends the bundled Kea log (real kea-dhcp4 output, 32 leases in subnet 1 and 3 in subnet 2) with times rewritten to now.</summary>
    public async Task AppendKeaSampleAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryLayout.Root, "examples/logs/kea-dhcp4.log"), cancellationToken);
        await File.AppendAllLinesAsync(LogPath, lines.Where(l => l.Length > 23).Select(l => now + l[23..]), cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (the pipeline polls files every 250 ms); fails after 30 s or <paramref name="limit"/>.</summary>
    /// <summary>The notification outbox's latest 100 (<c>GET /api/v1/alerts/notifications</c>), newest first.</summary>
    public static async Task<List<System.Text.Json.JsonElement>> NotificationsAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var page = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/alerts/notifications?limit=100", TestContext.Current.CancellationToken));
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(n => n.Clone())];
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? limit = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < (limit ?? TimeSpan.FromSeconds(30)), $"timed out waiting for {what}");
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
