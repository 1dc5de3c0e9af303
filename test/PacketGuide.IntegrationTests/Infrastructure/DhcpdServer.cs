namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// ISC dhcpd started by scripts/services/dhcpd.sh in {prefix}srv: with <see cref="StartAsync"/> as <c>-f -d</c> (bare stderr
/// log, no timestamps); with <see cref="StartWithSyslogAsync"/> through syslog(3) to a private rsyslogd
/// (scripts/services/rsyslog.sh) that writes the messages to files in the work directory.
/// Server 10.77.0.1:67; relays 10.77.0.2 (subnet 10.77.0.0/22) and 10.78.0.2 (10.78.0.0/24, 3 addresses).
/// Create, register for disposal, then start.
/// </summary>
public sealed class DhcpdServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    public const string ServerEndpoint = "10.77.0.1:67";
    public const string Relay1 = "10.77.0.2";
    public const string Relay2 = "10.78.0.2";

    private bool _syslog;

    /// <summary>The stderr log of <see cref="StartAsync"/>.</summary>
    public string LogPath => workDirectory.File("dhcpd.log");

    /// <summary>
    /// With <see cref="StartWithSyslogAsync"/>: dhcpd's messages as rsyslog writes them in the traditional RFC 3164 file
    /// layout (<c>Nov 26 12:56:11 dhcp-lab dhcpd[pid]: DHCPACK on ...</c>), the layout of /var/log/syslog.
    /// </summary>
    public string SyslogPath => workDirectory.File("syslog.rfc3164.log");

    /// <summary>The configuration file dhcpd.sh wrote and dhcpd runs with (authoritative; default-lease-time 3600).</summary>
    public string ConfigPath => workDirectory.File("dhcpd.conf");

    public string LeasesPath => workDirectory.File("dhcpd.leases");

    public async Task StartAsync(string prefix, CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("dhcpd.sh", ["start", workDirectory.Path, prefix], cancellationToken);

    /// <summary>Starts the private rsyslogd, then dhcpd (no <c>-d</c>) logging to it; ready when dhcpd has bound port 67.</summary>
    public async Task StartWithSyslogAsync(string prefix, CancellationToken cancellationToken)
    {
        _syslog = true;
        await ServiceScript.RunAsync("rsyslog.sh", ["start", workDirectory.Path], cancellationToken);
        await ServiceScript.RunAsync("dhcpd.sh", ["start", workDirectory.Path, prefix, "--syslog", workDirectory.File("log.sock")], cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("dhcpd.sh", ["stop", workDirectory.Path], cancellationToken);

    /// <summary>
    /// Stops the rsyslogd of <see cref="StartWithSyslogAsync"/> (SIGTERM: it writes what it has received and exits), so
    /// <see cref="SyslogPath"/> is final; dhcpd keeps running.
    /// </summary>
    public async Task StopSyslogAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("rsyslog.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (_syslog)
        {
            await StopSyslogAsync(CancellationToken.None);
        }
    }
}
