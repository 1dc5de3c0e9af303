using PacketGuide.Dns.Dnssec;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Config;

/// <summary>
/// The providers of pguide.yaml's <c>dns.providers</c>, built on first use and sharing one HttpClient: what the zone
/// verbs and <c>pguide serve</c> change records through. A zone spec names its provider; otherwise the caller's
/// fallback, else the only one.
/// </summary>
public sealed class DnsProviderSet : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _source;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, IDnsProvider> _built = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="definitions">The entries of <c>dns.providers</c>.</param>
    /// <param name="source">Where they came from (the pguide.yaml path), for messages.</param>
    /// <param name="timeout">How long a provider request may take.</param>
    /// <param name="environment">Resolves <c>env:</c> secret references.</param>
    /// <param name="timeProvider">The clock for TSIG and DNSSEC.</param>
    public DnsProviderSet(IReadOnlyList<DnsProviderDefinition> definitions, string source, TimeSpan timeout, Func<string, string?> environment, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        Definitions = definitions;
        _source = source;
        _environment = environment;
        _timeProvider = timeProvider;
        _http = new HttpClient { Timeout = timeout };
    }

    public IReadOnlyList<DnsProviderDefinition> Definitions { get; }

    /// <summary>The definition named <paramref name="name"/> (or <paramref name="fallback"/>, or the only one).</summary>
    /// <exception cref="DnsConfigException">No such provider, or several and none named.</exception>
    public DnsProviderDefinition Definition(string? name, string? fallback, string forWhat)
    {
        var wanted = name ?? fallback;
        if (wanted is null)
        {
            return Definitions.Count == 1 ? Definitions[0] : throw new DnsConfigException(Definitions.Count == 0
                ? $"{_source} has no dns.providers; add one for {forWhat}."
                : $"{_source} names {Definitions.Count} providers ({Names}); pick one for {forWhat} with --provider (or provider: in a zone spec).");
        }

        return Definitions.FirstOrDefault(d => d.Name == wanted)
            ?? throw new DnsConfigException($"{forWhat}: {_source} has no provider '{wanted}' (it has {(Definitions.Count == 0 ? "none" : Names)}).");
    }

    /// <summary>The provider named <paramref name="name"/> (or <paramref name="fallback"/>, or the only one), built once.</summary>
    /// <exception cref="DnsConfigException">No such provider, or its secret or key file cannot be read.</exception>
    public (string Name, IDnsProvider Provider) Get(string? name, string? fallback, string forWhat)
    {
        var definition = Definition(name, fallback, forWhat);
        lock (_gate)
        {
            if (!_built.TryGetValue(definition.Name, out var provider))
            {
                _built[definition.Name] = provider = DnsProviderFactory.Create(definition, _http, _environment, _timeProvider);
            }

            return (definition.Name, provider);
        }
    }

    /// <summary>The DNSSEC manager of the provider named <paramref name="name"/> (for a spec's <c>dnssec:</c>).</summary>
    /// <exception cref="DnsConfigException">No such provider, or its secrets cannot be read.</exception>
    public IDnssecManager GetDnssec(string name) =>
        DnssecManagerFactory.Create(Definition(name, null, "DNSSEC"), _http, _environment, _timeProvider);

    private string Names => string.Join(", ", Definitions.Select(d => d.Name));

    public void Dispose() => _http.Dispose();
}
