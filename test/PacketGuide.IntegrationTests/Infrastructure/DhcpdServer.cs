namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// ISC dhcpd started by scripts/services/dhcpd.sh in {prefix}srv with <c>-f -d</c> (bare stderr log, no timestamps).
/// Server 10.77.0.1:67; relays 10.77.0.2 (subnet 10.77.0.0/22) and 10.78.0.2 (10.78.0.0/24, 3 addresses).
/// Create, register for disposal, then start.
/// </summary>
public sealed class DhcpdServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    public const string ServerEndpoint = "10.77.0.1:67";
    public const string Relay1 = "10.77.0.2";
    public const string Relay2 = "10.78.0.2";

    public string LogPath => workDirectory.File("dhcpd.log");

    public string LeasesPath => workDirectory.File("dhcpd.leases");

    public async Task StartAsync(string prefix, CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("dhcpd.sh", ["start", workDirectory.Path, prefix], cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("dhcpd.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
