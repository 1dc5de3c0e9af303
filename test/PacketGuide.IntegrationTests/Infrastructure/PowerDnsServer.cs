using System.Globalization;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// PowerDNS Authoritative on 127.0.0.1 with the sqlite backend and the HTTP API (scripts/services/pdns.sh): static.test
/// from the same file BIND serves, and api.test.
/// </summary>
public sealed class PowerDnsServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    private IReadOnlyDictionary<string, string>? _env;

    public string Address => Env("PDNS_ADDRESS");

    public int Port => int.Parse(Env("PDNS_PORT"), CultureInfo.InvariantCulture);

    public string Endpoint => $"{Address}:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/api/v1/servers/localhost</c>.</summary>
    public string ApiUrl => Env("PDNS_API_URL");

    public string ApiKey => Env("PDNS_API_KEY");

    public string LogPath => Env("PDNS_LOG");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ServiceScript.RunAsync("pdns.sh", ["start", workDirectory.Path], cancellationToken);
        _env = await EnvFile.ReadAsync(workDirectory.File("pdns.env"), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("pdns.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private string Env(string key) => (_env ?? throw new InvalidOperationException("PowerDNS has not been started.")).Require(key, "pdns.env");
}
