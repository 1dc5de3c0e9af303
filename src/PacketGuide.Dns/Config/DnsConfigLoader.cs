using PacketGuide.Dns.Query;
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
///       server: 127.0.0.1:53             # optional: where it answers DNS (DNSSEC status)
///     bind:
///       type: rfc2136
///       server: 127.0.0.1:53
///       zones: [example.com]
///       tsig-key-file: /etc/bind/ddns-key.conf
///       rndc: { server: 127.0.0.1:953, key-file: /etc/bind/rndc.key }   # optional: DNSSEC through rndc
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

    /// <summary>Like <see cref="ParseProviders"/>, but a file without a <c>dns.providers</c> section gives an empty list.</summary>
    public static IReadOnlyList<DnsProviderDefinition> ParseOptionalProviders(string path, string text) => Parse(path, text, required: false);

    public static IReadOnlyList<DnsProviderDefinition> ParseProviders(string path, string text) => Parse(path, text, required: true);

    /// <summary>Reads the text once; without a <c>dns.providers</c> section: an error when <paramref name="required"/>, else no providers.</summary>
    private static List<DnsProviderDefinition> Parse(string path, string text, bool required)
    {
        ArgumentNullException.ThrowIfNull(text);
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
            return required ? throw new DnsConfigException($"{path}: expected a mapping at the top (dns: providers: NAME: ...).") : [];
        }

        if (Child(root, "dns") is not YamlMappingNode dns || Child(dns, "providers") is not { } providersNode)
        {
            return required ? throw new DnsConfigException($"{path}: no dns.providers section; add one, e.g.\n  dns:\n    providers:\n      pdns:\n        type: powerdns\n" +
                "        url: http://127.0.0.1:8081/api/v1/servers/localhost\n        api-key: env:PDNS_API_KEY") : [];
        }

        if (providersNode is not YamlMappingNode providers)
        {
            throw new DnsConfigException($"{path}:{providersNode.Start.Line}: dns.providers must be a mapping of named providers (pdns: {{type: powerdns, ...}}).");
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

            var type = Scalar(entry, "type", path, name) ?? throw new DnsConfigException($"{at}: dns.providers.{name} has no type (powerdns or rfc2136).");
            var zones = new List<string>();
            if (Child(entry, "zones") is { } zoneNode)
            {
                if (zoneNode is not YamlSequenceNode list)
                {
                    throw new DnsConfigException($"{path}:{zoneNode.Start.Line}: dns.providers.{name}.zones must be a list ([example.com, ...]).");
                }

                zones.AddRange(list.Children.OfType<YamlScalarNode>().Select(z => z.Value!.TrimEnd('.').ToLowerInvariant() + "."));
            }

            var definition = new DnsProviderDefinition(name, type, zones, at);
            definition = type switch
            {
                "powerdns" => PowerDns(definition, entry, path),
                "rfc2136" => Rfc2136(definition, entry, path),
                _ => throw new DnsConfigException($"{path}:{Child(entry, "type")!.Start.Line}: dns.providers.{name}.type '{type}' is not supported (powerdns, rfc2136)."),
            };
            definitions.Add(definition);
        }

        return definitions;
    }

    private static DnsProviderDefinition PowerDns(DnsProviderDefinition definition, YamlMappingNode entry, string path)
    {
        var name = definition.Name;
        var urlText = Scalar(entry, "url", path, name)
            ?? throw new DnsConfigException($"{definition.Location}: dns.providers.{name} needs url (the PowerDNS API server URL).");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new DnsConfigException($"{path}:{Child(entry, "url")!.Start.Line}: dns.providers.{name}.url '{urlText}' is not an http(s) URL, " +
                "e.g. http://127.0.0.1:8081/api/v1/servers/localhost.");
        }

        var keyText = Scalar(entry, "api-key", path, name)
            ?? throw new DnsConfigException($"{definition.Location}: dns.providers.{name} needs api-key: env:NAME or file:/path.");
        if (!SecretReference.TryParse(keyText, out var apiKey, out var keyError))
        {
            // The value may be a pasted key: never repeat it.
            throw new DnsConfigException($"{path}:{Child(entry, "api-key")!.Start.Line}: dns.providers.{name}.api-key {keyError}");
        }

        int? maxPatch = null;
        if (Scalar(entry, "max-patch-bytes", path, name) is { } limitText)
        {
            if (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit < 10_000)
            {
                throw new DnsConfigException($"{path}:{Child(entry, "max-patch-bytes")!.Start.Line}: dns.providers.{name}.max-patch-bytes '{limitText}' must be a number of bytes, at least 10000 " +
                    "(keep it under the server's webserver-max-bodysize).");
            }

            maxPatch = limit;
        }

        DnsServer? dnsAddress = null;
        if (Scalar(entry, "server", path, name) is { } serverText && !DnsServer.TryParse(serverText, 53, out dnsAddress, out var serverError))
        {
            throw new DnsConfigException($"{path}:{Child(entry, "server")!.Start.Line}: dns.providers.{name}.server {serverError}");
        }

        return definition with { Url = url, ApiKey = apiKey, MaxPatchBytes = maxPatch, DnsAddress = dnsAddress };
    }

    private static DnsProviderDefinition Rfc2136(DnsProviderDefinition definition, YamlMappingNode entry, string path)
    {
        var name = definition.Name;
        var serverText = Scalar(entry, "server", path, name)
            ?? throw new DnsConfigException($"{definition.Location}: dns.providers.{name} needs server (the primary's address, e.g. 192.0.2.53 or 192.0.2.53:5353).");
        if (!DnsServer.TryParse(serverText, 53, out var server, out var serverError))
        {
            throw new DnsConfigException($"{path}:{Child(entry, "server")!.Start.Line}: dns.providers.{name}.server {serverError}");
        }

        if (definition.Zones.Count == 0)
        {
            throw new DnsConfigException($"{definition.Location}: dns.providers.{name} needs zones: [example.com, ...] (RFC 2136 cannot list a server's zones).");
        }

        var result = definition with { Server = server, TsigKeyFile = Scalar(entry, "tsig-key-file", path, name) };
        if (Child(entry, "tsig-key") is { } keyNode)
        {
            if (keyNode is not YamlMappingNode key || result.TsigKeyFile is not null)
            {
                throw new DnsConfigException($"{path}:{keyNode.Start.Line}: dns.providers.{name}.tsig-key must be a mapping (name, algorithm, secret), " +
                    "and not given together with tsig-key-file.");
            }

            var secretText = Scalar(key, "secret", path, name) ?? throw new DnsConfigException($"{path}:{keyNode.Start.Line}: dns.providers.{name}.tsig-key needs secret: env:NAME or file:/path.");
            if (!SecretReference.TryParse(secretText, out var secret, out var secretError))
            {
                throw new DnsConfigException($"{path}:{Child(key, "secret")!.Start.Line}: dns.providers.{name}.tsig-key.secret {secretError}");
            }

            result = result with
            {
                TsigName = Scalar(key, "name", path, name) ?? throw new DnsConfigException($"{path}:{keyNode.Start.Line}: dns.providers.{name}.tsig-key needs name."),
                TsigAlgorithm = Scalar(key, "algorithm", path, name) ?? "hmac-sha256",
                TsigSecret = secret,
            };
        }

        return Rndc(result, entry, path);
    }

    /// <summary>Optional <c>rndc: {server: 127.0.0.1:953, key-file: /etc/bind/rndc.key}</c> of an rfc2136 provider (BIND), for DNSSEC.</summary>
    private static DnsProviderDefinition Rndc(DnsProviderDefinition definition, YamlMappingNode entry, string path)
    {
        var name = definition.Name;
        if (Child(entry, "rndc") is not { } rndcNode)
        {
            return definition;
        }

        if (rndcNode is not YamlMappingNode rndc)
        {
            throw new DnsConfigException($"{path}:{rndcNode.Start.Line}: dns.providers.{name}.rndc must be a mapping (server, key-file).");
        }

        var serverText = Scalar(rndc, "server", path, name) ?? "127.0.0.1:953";
        if (!DnsServer.TryParse(serverText, 953, out var server, out var serverError))
        {
            throw new DnsConfigException($"{path}:{rndcNode.Start.Line}: dns.providers.{name}.rndc.server {serverError}");
        }

        var keyFile = Scalar(rndc, "key-file", path, name)
            ?? throw new DnsConfigException($"{path}:{rndcNode.Start.Line}: dns.providers.{name}.rndc needs key-file (the rndc key, e.g. /etc/bind/rndc.key).");
        return definition with { RndcServer = server, RndcKeyFile = keyFile };
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
