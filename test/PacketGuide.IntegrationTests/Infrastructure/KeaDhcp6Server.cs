namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Kea DHCPv6 started by scripts/services/kea6.sh in {prefix}srv on {prefix}vs (no control agent; control socket only).
/// Create, register for disposal, then start.
/// </summary>
public sealed class KeaDhcp6Server(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    public string LogPath => workDirectory.File("kea-dhcp6.log");

    /// <summary>The configuration file kea6.sh wrote and the server runs with.</summary>
    public string ConfigPath => workDirectory.File("kea-dhcp6.conf");

    public string LeasesPath => workDirectory.File("kea-leases6.csv");

    public string ControlSocket => workDirectory.File("kea6-ctrl.sock");

    public async Task StartAsync(string prefix, bool debug, CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("kea6.sh", ["start", workDirectory.Path, prefix, .. debug ? new[] { "--debug" } : []], cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("kea6.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
