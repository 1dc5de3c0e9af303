using PacketGuide.Dns.Config;
using PacketGuide.Dns.Validation;

namespace PacketGuide.Server.Configuration;

/// <summary>
/// The service's DNS side: the providers of pguide.yaml's <c>dns.providers</c> (records and zones through the API),
/// the zone specs of <c>serve.dns.zones</c> (plan, apply, and what validation checks) and periodic validation.
/// </summary>
public sealed record DnsServiceOptions
{
    /// <summary>pguide.yaml's <c>dns.providers</c> (empty: the DNS endpoints answer that none is configured).</summary>
    public IReadOnlyList<DnsProviderDefinition> Providers { get; init; } = [];

    /// <summary>Where the providers came from, for messages.</summary>
    public string ProvidersSource { get; init; } = "pguide.yaml";

    /// <summary>Zone spec files or directories (<c>serve.dns.zones</c>).</summary>
    public IReadOnlyList<string> ZoneSpecs { get; init; } = [];

    /// <summary>The provider for specs that name none (<c>serve.dns.provider</c>).</summary>
    public string? FallbackProvider { get; init; }

    /// <summary>
    /// How often to validate (<c>serve.dns.validate-every</c>; <c>off</c> to only validate on request). Default 5 minutes
    /// when there is anything to validate.
    /// </summary>
    public TimeSpan? ValidateEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Also validate provider zones that have no spec, as served (<c>serve.dns.validate-provider-zones</c>, default true).</summary>
    public bool ValidateProviderZones { get; init; } = true;

    /// <summary>The policy checked (<c>serve.dns.public</c>, <c>serve.dns.rrsig-warn-days</c>, <c>serve.dns.skip</c>).</summary>
    public ValidationOptions Validation { get; init; } = new();

    /// <summary>How long to wait for a DNS answer (<c>serve.dns.timeout</c>, default 2 s) and for a provider request (ten times that).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether there is anything DNS to do: providers or zone specs.</summary>
    public bool Configured => Providers.Count > 0 || ZoneSpecs.Count > 0;
}
