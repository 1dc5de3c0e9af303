using PacketGuide.Dns.Config;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// Loads pguide.yaml's providers for the zone verbs (check, import, plan, apply, record, dnssec): found by <c>--config</c>
/// or the usual places (./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml).
/// </summary>
internal static class CliDnsProviders
{
    /// <exception cref="DnsCommandException">No pguide.yaml, or one that cannot be read.</exception>
    public static async Task<DnsProviderSet> LoadAsync(string? config, double timeoutSeconds, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600))
        {
            throw new DnsCommandException($"--timeout: {timeoutSeconds} must be between 0 and 3600 seconds.");
        }

        var path = config ?? DnsConfigLoader.Find(Environment.GetEnvironmentVariable)
            ?? throw new DnsCommandException("no pguide.yaml found (./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml); give --config FILE. See docs/dns-record.md.");
        try
        {
            var definitions = await DnsConfigLoader.LoadProvidersAsync(path, cancellationToken).ConfigureAwait(false);
            return new DnsProviderSet(definitions, path, TimeSpan.FromSeconds(timeoutSeconds), Environment.GetEnvironmentVariable, env.Time);
        }
        catch (DnsConfigException ex)
        {
            throw new DnsCommandException(ex.Message);
        }
    }
}
