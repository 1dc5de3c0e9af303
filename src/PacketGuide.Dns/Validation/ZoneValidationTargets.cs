using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Validation;

/// <summary>Where a zone spec's zone is validated: the DNS address of its provider, with the provider's TSIG key for transfers.</summary>
public static class ZoneValidationTargets
{
    /// <summary>
    /// The target for <paramref name="spec"/>: its declared RRsets and DNSSEC wish, checked at the provider's DNS address
    /// (an rfc2136 provider's <c>server</c>, a PowerDNS provider's <c>server</c>).
    /// </summary>
    /// <exception cref="DnsConfigException">Which provider is unclear, it has no DNS address, or its key cannot be read.</exception>
    public static ZoneValidationTarget FromSpec(ZoneSpec spec, IReadOnlyList<DnsProviderDefinition> definitions, string? fallbackProvider, TsigKey? key,
        Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(definitions);
        var name = spec.Provider ?? fallbackProvider;
        var definition = (name is null ? definitions.Count == 1 ? definitions[0] : null : definitions.FirstOrDefault(d => d.Name == name))
            ?? throw new DnsConfigException($"{spec.Path}: which provider serves {spec.Zone}? Give provider: in the spec, --provider, or --server.");
        var server = ServerOf(definition)
            ?? throw new DnsConfigException($"{definition.Location}: provider {definition.Name} has no server: (where it answers DNS); add it, or give --server.");
        var transferKey = key ?? TransferKeyOf(definition, environment);
        return new ZoneValidationTarget(spec.Zone, [server], [.. spec.RecordSets.Select(d => d.Set)], spec.Dnssec?.Enabled, transferKey);
    }

    /// <summary>Where the provider answers DNS: an rfc2136 provider's <c>server</c>, a PowerDNS provider's <c>server</c>; null when not given.</summary>
    public static DnsServer? ServerOf(DnsProviderDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Type == "rfc2136" ? definition.Server : definition.DnsAddress;
    }

    /// <summary>The key zone transfers from the provider's server are signed with: an rfc2136 provider's TSIG key, else none.</summary>
    /// <exception cref="DnsConfigException">The key file or secret cannot be read.</exception>
    public static TsigKey? TransferKeyOf(DnsProviderDefinition definition, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Type == "rfc2136" ? DnsProviderFactory.TsigKeyOf(definition, environment) : null;
    }
}
