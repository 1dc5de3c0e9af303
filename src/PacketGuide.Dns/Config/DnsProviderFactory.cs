using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Config;

/// <summary>Builds the provider a pguide.yaml entry describes, resolving its secrets.</summary>
public static class DnsProviderFactory
{
    /// <exception cref="DnsConfigException">A secret cannot be resolved or a key file is unusable.</exception>
    public static IDnsProvider Create(DnsProviderDefinition definition, HttpClient http, Func<string, string?> environment, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(http);
        return definition.Type switch
        {
            "powerdns" => new PowerDnsProvider(definition.Name, http, definition.Url!, definition.ApiKey!.Resolve(environment), timeProvider,
                definition.MaxPatchBytes ?? PowerDnsProvider.DefaultMaxPatchBytes),
            "rfc2136" => new Rfc2136Provider(definition.Name, definition.Server!, definition.Zones, TsigKeyOf(definition, environment), http.Timeout, timeProvider),
            _ => throw new DnsConfigException($"{definition.Location}: provider type '{definition.Type}' is not supported."),
        };
    }

    /// <summary>The TSIG key an rfc2136 provider names (tsig-key-file or tsig-key), or null.</summary>
    public static TsigKey? TsigKeyOf(DnsProviderDefinition definition, Func<string, string?> environment)
    {
        if (definition.TsigKeyFile is { } file)
        {
            return TsigKey.TryReadBindKeyFile(file, out var fromFile, out var error)
                ? fromFile
                : throw new DnsConfigException($"{definition.Location}: dns.providers.{definition.Name}.tsig-key-file: {error}");
        }

        if (definition.TsigSecret is { } secret)
        {
            return TsigKey.TryCreate(definition.TsigName!, definition.TsigAlgorithm!, secret.Resolve(environment), out var key, out var error)
                ? key
                : throw new DnsConfigException($"{definition.Location}: dns.providers.{definition.Name}.tsig-key: {error}");
        }

        return null; // unsigned updates: only for servers that allow them by address
    }
}
