using System.Globalization;
using System.Net.Http.Json;

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

    /// <summary>
    /// Creates a native zone through the API (NS ns1.ZONE, plus <paramref name="rrsets"/> in the API's rrset shape): a zone a
    /// test can own whole. With rrsets that include the SOA, PowerDNS keeps its serial as given (soa_edit_api off).
    /// </summary>
    public async Task CreateZoneAsync(string zone, CancellationToken cancellationToken, IReadOnlyList<Dictionary<string, object>>? rrsets = null)
    {
        var body = new Dictionary<string, object> { ["name"] = zone, ["kind"] = "Native", ["nameservers"] = new[] { $"ns1.{zone}" } };
        if (rrsets is not null)
        {
            body["rrsets"] = rrsets;
            body["soa_edit_api"] = "";
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiUrl + "/zones") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-API-Key", ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PowerDNS refused to create {zone}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

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
