using System.Globalization;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// BIND 9 on 127.0.0.1 (scripts/services/bind.sh): static.test from test/data/dns/static.test.zone, dyn.test (dynamic,
/// inline-signed) and 2.0.192.in-addr.arpa (dynamic), TSIG keys ddns-key (sha256), ddns-key512, ddns-md5.
/// </summary>
public sealed class BindServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    private IReadOnlyDictionary<string, string>? _env;

    public string Address => Env("BIND_ADDRESS");

    public int Port => int.Parse(Env("BIND_PORT"), CultureInfo.InvariantCulture);

    /// <summary><c>127.0.0.1:PORT</c>, as pguide's <c>@SERVER</c> takes it.</summary>
    public string Endpoint => $"{Address}:{Port}";

    public string KeyFile => Env("BIND_KEY_FILE");

    public string KeyName => Env("BIND_KEY_NAME");

    public string KeySecret => Env("BIND_KEY_SECRET");

    public string Key512Secret => Env("BIND_KEY512_SECRET");

    public string Md5Secret => Env("BIND_MD5_SECRET");

    public string LogPath => Env("BIND_LOG");

    /// <summary>BIND's directory (zone files, rndc.key).</summary>
    public string WorkDirectory => Env("BIND_WORKDIR");

    /// <summary>The rndc control channel's port on 127.0.0.1 and its key file (rndc-key, hmac-sha256).</summary>
    public int RndcPort => int.Parse(Env("BIND_RNDC_PORT"), CultureInfo.InvariantCulture);

    public string RndcKeyFile => Env("BIND_RNDC_KEY_FILE");

    /// <summary>
    /// Adds a zone to the running server (<c>rndc addzone</c>; bind.sh allows new zones) from zone-file text, updatable
    /// with ddns-key unless <paramref name="dynamic"/> is false (a zone signed offline must be static: BIND would bump the
    /// serial of a dynamic one and, without its private key, serve the new SOA unsigned): a zone a test can own whole.
    /// </summary>
    public async Task AddZoneAsync(string zone, string zoneFile, CancellationToken cancellationToken, bool dynamic = true)
    {
        var name = zone.TrimEnd('.');
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, name + ".db"), zoneFile, cancellationToken);
        var result = await ProcessRunner.RunAsync("rndc",
            ["-s", "127.0.0.1", "-p", RndcPort.ToString(CultureInfo.InvariantCulture), "-k", RndcKeyFile,
             "addzone", name, $"{{ type primary; file \"{name}.db\";{(dynamic ? " update-policy { grant ddns-key zonesub ANY; };" : "")} }};"],
            TimeSpan.FromSeconds(20), cancellationToken);
        result.EnsureExitCode();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ServiceScript.RunAsync("bind.sh", ["start", workDirectory.Path], cancellationToken);
        _env = await EnvFile.ReadAsync(workDirectory.File("bind.env"), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("bind.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private string Env(string key) => (_env ?? throw new InvalidOperationException("BIND has not been started.")).Require(key, "bind.env");
}
