using PacketGuide.Dns.Config;
using PacketGuide.Dns.Dnssec;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// The providers of pguide.yaml for the zone verbs (check, import, plan, apply): found by <c>--config</c> or the usual
/// places, built on first use, one HttpClient for all. A zone spec names its provider; otherwise <c>--provider</c>, else
/// the only one.
/// </summary>
internal sealed class DnsProviderSet : IDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<DnsProviderDefinition> _definitions;
    private readonly CliEnvironment _env;
    private readonly string _path;
    private readonly Dictionary<string, IDnsProvider> _built = new(StringComparer.Ordinal);

    private DnsProviderSet(string path, IReadOnlyList<DnsProviderDefinition> definitions, TimeSpan timeout, CliEnvironment env)
    {
        _path = path;
        _definitions = definitions;
        _env = env;
        _http = new HttpClient { Timeout = timeout };
    }

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
            return new DnsProviderSet(path, await DnsConfigLoader.LoadProvidersAsync(path, cancellationToken).ConfigureAwait(false), TimeSpan.FromSeconds(timeoutSeconds), env);
        }
        catch (DnsConfigException ex)
        {
            throw new DnsCommandException(ex.Message);
        }
    }

    /// <summary>The provider named <paramref name="name"/> (or <paramref name="fallback"/>, or the only one).</summary>
    public (string Name, IDnsProvider Provider) Get(string? name, string? fallback, string forWhat)
    {
        var wanted = name ?? fallback;
        var definition = wanted is null
            ? _definitions.Count == 1 ? _definitions[0] : throw new DnsCommandException(
                $"{_path} names {_definitions.Count} providers ({string.Join(", ", _definitions.Select(d => d.Name))}); pick one for {forWhat} with --provider (or provider: in a zone spec).")
            : _definitions.FirstOrDefault(d => d.Name == wanted) ?? throw new DnsCommandException(
                $"{forWhat}: {_path} has no provider '{wanted}' (it has {string.Join(", ", _definitions.Select(d => d.Name))}).");
        if (!_built.TryGetValue(definition.Name, out var provider))
        {
            try
            {
                _built[definition.Name] = provider = DnsProviderFactory.Create(definition, _http, Environment.GetEnvironmentVariable, _env.Time);
            }
            catch (DnsConfigException ex)
            {
                throw new DnsCommandException(ex.Message);
            }
        }

        return (definition.Name, provider);
    }

    /// <summary>The DNSSEC manager of the provider named <paramref name="name"/> (for a spec's <c>dnssec:</c>).</summary>
    public IDnssecManager GetDnssec(string name)
    {
        var definition = _definitions.First(d => d.Name == name);
        try
        {
            return DnssecManagerFactory.Create(definition, _http, Environment.GetEnvironmentVariable, _env.Time);
        }
        catch (DnsConfigException ex)
        {
            throw new DnsCommandException(ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
