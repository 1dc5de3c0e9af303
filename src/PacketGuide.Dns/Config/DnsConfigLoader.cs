using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Dns.Config;

/// <summary>
/// Reads the <c>dns.providers</c> section of pguide.yaml with YamlDotNet's node model (no reflection: safe under Native AOT):
/// <code>
/// dns:
///   providers:
///     pdns-main:
///       type: powerdns
///       url: http://127.0.0.1:8081/api/v1/servers/localhost
///       api-key: env:PDNS_API_KEY        # or file:/etc/pguide/pdns-api-key
///       zones: [example.com]             # optional
/// </code>
/// Errors name the file, line and key.
/// </summary>
public static class DnsConfigLoader
{
    /// <summary>Where pguide.yaml is looked for when no --config is given: ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml.</summary>
    public static string? Find(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var candidate in new[] { "pguide.yaml", environment("PGUIDE_CONFIG"), "/etc/pguide/pguide.yaml" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static async Task<IReadOnlyList<DnsProviderDefinition>> LoadProvidersAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new DnsConfigException($"{path}: cannot read it ({ex.Message}).", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DnsConfigException($"{path}: cannot read it ({ex.Message}).", ex);
        }

        return ParseProviders(path, text);
    }

    public static IReadOnlyList<DnsProviderDefinition> ParseProviders(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new DnsConfigException($"{path}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML ({ex.Message}).", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new DnsConfigException($"{path}: expected a mapping at the top (dns: providers: NAME: ...).");
        }

        if (Child(root, "dns") is not YamlMappingNode dns || Child(dns, "providers") is not YamlMappingNode providers)
        {
            throw new DnsConfigException($"{path}: no dns.providers section; add one, e.g.\n  dns:\n    providers:\n      pdns:\n        type: powerdns\n" +
                "        url: http://127.0.0.1:8081/api/v1/servers/localhost\n        api-key: env:PDNS_API_KEY");
        }

        var definitions = new List<DnsProviderDefinition>();
        foreach (var (key, value) in providers.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            var at = $"{path}:{key.Start.Line}";
            if (value is not YamlMappingNode entry)
            {
                throw new DnsConfigException($"{at}: dns.providers.{name} must be a mapping (type, url, api-key).");
            }

            var type = Scalar(entry, "type", path, name) ?? throw new DnsConfigException($"{at}: dns.providers.{name} has no type (powerdns).");
            if (type != "powerdns")
            {
                throw new DnsConfigException($"{path}:{Child(entry, "type")!.Start.Line}: dns.providers.{name}.type '{type}' is not supported (powerdns).");
            }

            var urlText = Scalar(entry, "url", path, name) ?? throw new DnsConfigException($"{at}: dns.providers.{name} needs url (the PowerDNS API server URL).");
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new DnsConfigException($"{path}:{Child(entry, "url")!.Start.Line}: dns.providers.{name}.url '{urlText}' is not an http(s) URL, " +
                    "e.g. http://127.0.0.1:8081/api/v1/servers/localhost.");
            }

            var keyText = Scalar(entry, "api-key", path, name) ?? throw new DnsConfigException($"{at}: dns.providers.{name} needs api-key: env:NAME or file:/path.");
            if (!SecretReference.TryParse(keyText, out var apiKey, out var keyError))
            {
                // The value may be a pasted key: never repeat it.
                throw new DnsConfigException($"{path}:{Child(entry, "api-key")!.Start.Line}: dns.providers.{name}.api-key {keyError}");
            }

            var zones = new List<string>();
            if (Child(entry, "zones") is { } zoneNode)
            {
                if (zoneNode is not YamlSequenceNode list)
                {
                    throw new DnsConfigException($"{path}:{zoneNode.Start.Line}: dns.providers.{name}.zones must be a list ([example.com, ...]).");
                }

                zones.AddRange(list.Children.OfType<YamlScalarNode>().Select(z => z.Value!.TrimEnd('.') + "."));
            }

            definitions.Add(new DnsProviderDefinition(name, type, url, apiKey, zones, at));
        }

        return definitions;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key, string path, string provider) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new DnsConfigException($"{path}:{other.Start.Line}: dns.providers.{provider}.{key} must be a single value."),
    };
}
