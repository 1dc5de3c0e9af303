namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Kea DHCPv4 + kea-ctrl-agent started by scripts/services/kea4.sh in its own work directory. Create it, register it
/// for disposal, then start it: disposing stops whatever did start (the script stops by pid files, and is idempotent).
/// </summary>
public sealed class KeaDhcp4Server(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    private IReadOnlyDictionary<string, string>? _env;

    public string LogPath => workDirectory.File("kea-dhcp4.log");

    /// <summary>The configuration file kea4.sh wrote and the server runs with.</summary>
    public string ConfigPath => workDirectory.File("kea-dhcp4.conf");

    public string LeasesPath => workDirectory.File("kea-leases4.csv");

    public string ControlSocket => workDirectory.File("kea4-ctrl.sock");

    /// <summary>Where the server listens (KEA4_SERVER), e.g. 127.0.0.1:34567.</summary>
    public string ServerEndpoint => Env("KEA4_SERVER");

    /// <summary>The relay address that selects subnet 1 (10.77.0.0/22).</summary>
    public string Relay1 => Env("KEA4_RELAY1");

    /// <summary>The relay address that selects subnet 2 (10.78.0.0/24, a 3-address pool).</summary>
    public string Relay2 => Env("KEA4_RELAY2");

    /// <summary>Where Kea sends relayed replies (its -P port).</summary>
    public string ClientPort => Env("KEA4_CLIENT_PORT");

    /// <summary>
    /// Loopback mode (UDP sockets on 127.0.0.1, ports picked at run time), run inside <paramref name="isolatedNamespace"/>
    /// (a namespace with only lo): Kea unicasts an INFORM's ACK to ciaddr, so nothing here may have a route off the machine.
    /// </summary>
    public Task StartOnLoopbackAsync(string isolatedNamespace, bool debug, CancellationToken cancellationToken) =>
        StartAsync(debug ? ["--debug"] : [], isolatedNamespace, cancellationToken);

    /// <summary>As <see cref="StartOnLoopbackAsync"/>, optionally without the lease_cmds/stat_cmds hooks (KEA4_HOOKS=none).</summary>
    public Task StartOnLoopbackAsync(string isolatedNamespace, bool debug, bool hooks, CancellationToken cancellationToken) =>
        StartAsync(debug ? ["--debug"] : [], isolatedNamespace, cancellationToken, hooks);

    /// <summary>Raw socket on {prefix}vs in {prefix}srv (port 67), for perfdhcp in {prefix}cli.</summary>
    public Task StartInVethBedAsync(string prefix, bool debug, CancellationToken cancellationToken) =>
        StartAsync(debug ? ["--netns", prefix, "--debug"] : ["--netns", prefix], null, cancellationToken);

    /// <summary>Stops the server (SIGTERM; Kea flushes and closes its log and lease file).</summary>
    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("kea4.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task StartAsync(string[] options, string? namespaceName, CancellationToken cancellationToken, bool hooks = true)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KEA4_PORT"] = "auto",
            ["KEA4_CLIENT_PORT"] = "auto",
        };
        if (!hooks)
        {
            environment["KEA4_HOOKS"] = "none";
        }

        await ServiceScript.RunAsync("kea4.sh", ["start", workDirectory.Path, .. options], cancellationToken, namespaceName, environment);
        _env = await EnvFile.ReadAsync(workDirectory.File("kea4.env"), cancellationToken);
    }

    private string Env(string key) =>
        (_env ?? throw new InvalidOperationException("Kea DHCPv4 has not been started.")).Require(key, "kea4.env");
}
