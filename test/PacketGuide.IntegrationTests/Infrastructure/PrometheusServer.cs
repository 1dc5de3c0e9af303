using System.Globalization;
using System.Text.Json;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>A real Prometheus (scripts/services/prometheus.sh) scraping one target every second, and PromQL over its HTTP API.</summary>
public sealed class PrometheusServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private IReadOnlyDictionary<string, string>? _env;

    public string Url => _env!["PROM_URL"];

    public async Task StartAsync(string target, CancellationToken cancellationToken)
    {
        await ServiceScript.RunAsync("prometheus.sh", ["start", workDirectory.Path, target], cancellationToken);
        _env = await EnvFile.ReadAsync(workDirectory.File("prometheus.env"), cancellationToken);
    }

    /// <summary>The value of an instant query with one result; null when it has no result (yet).</summary>
    public async Task<double?> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var url = $"{Url}/api/v1/query?query={Uri.EscapeDataString(promql)}";
        using var document = JsonDocument.Parse(await _http.GetStringAsync(url, cancellationToken));
        var data = document.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        if (data.GetProperty("resultType").GetString() == "scalar")
        {
            return double.Parse(result[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls the query until it returns <paramref name="expected"/>; fails with the last value after 30 s.</summary>
    public Task ExpectAsync(string promql, double expected, CancellationToken cancellationToken) =>
        ExpectAsync(promql, v => v == expected, expected.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>Polls the query until its value satisfies <paramref name="check"/>; fails with the last value after 30 s.</summary>
    public async Task ExpectAsync(string promql, Func<double, bool> check, string expected, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        double? last = null;
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            last = await QueryAsync(promql, cancellationToken);
            if (last is { } value && check(value))
            {
                return;
            }

            await Task.Delay(500, cancellationToken);
        }

        Assert.Fail($"PromQL {promql}: expected {expected}, got {last?.ToString(CultureInfo.InvariantCulture) ?? "no result"}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await ServiceScript.RunAsync("prometheus.sh", ["stop", workDirectory.Path], CancellationToken.None);
    }
}
