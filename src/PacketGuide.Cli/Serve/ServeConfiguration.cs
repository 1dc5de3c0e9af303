using System.Collections;
using PacketGuide.Dns.Config;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Cli.Serve;

/// <summary>Finds pguide.yaml (--config, ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml) and reads its serve section with the PGUIDE_SERVE__ variables.</summary>
internal static class ServeConfiguration
{
    public static async Task<ServeOptions> LoadAsync(string? config, CancellationToken cancellationToken)
    {
        var path = config ?? DnsConfigLoader.Find(Environment.GetEnvironmentVariable);
        if (config is not null && !File.Exists(config))
        {
            throw new ServeConfigException($"{config}: no such file (--config).");
        }

        var names = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString() ?? "").ToList();
        return await ServeConfigLoader.LoadAsync(path, Environment.GetEnvironmentVariable, names, cancellationToken).ConfigureAwait(false);
    }
}
