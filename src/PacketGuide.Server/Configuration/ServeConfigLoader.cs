using System.Globalization;
using PacketGuide.Alerting.Config;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Server.Configuration;

/// <summary>
/// Reads pguide.yaml's <c>serve:</c> section with YamlDotNet's node model (no reflection: safe under Native AOT), lets
/// <c>PGUIDE_SERVE__SECTION__KEY</c> variables override any key (<c>PGUIDE_SERVE__STORAGE__PROVIDER=postgresql</c>; lists
/// comma-separated), and validates everything at start. Errors name the file and line (or the variable), the key and the fix.
/// <code>
/// serve:
///   urls: [http://127.0.0.1:8080]
///   data-dir: /var/lib/pguide
///   storage: { provider: postgresql, connection-string: env:PGUIDE_PG, retention: 30d }
///   dhcp: { logs: ['/var/log/kea/kea-dhcp4.log*'], config: /etc/kea/kea-dhcp4.conf }
///   security: { anonymous-metrics: true, rate-limit: 6000, max-body-bytes: 1048576, cors-origins: [] }
///   utilization: { warn: 0.8, critical: 0.9 }
///   dns: { zones: [zones/], validate-every: 5m, public: false, rrsig-warn-days: 7, skip: [latency] }
/// dns:
///   providers: { ... }      # the providers the CLI uses too (docs/dns-record.md)
/// </code>
/// </summary>
public static class ServeConfigLoader
{
    private const string EnvironmentPrefix = "PGUIDE_SERVE__";

    private static readonly string[] KnownKeys =
    [
        "urls", "data-dir",
        "storage.provider", "storage.connection-string", "storage.retention",
        "dhcp.logs", "dhcp.config", "dhcp.from-start",
        "dhcp.kea.url", "dhcp.kea.socket", "dhcp.kea.user", "dhcp.kea.password", "dhcp.kea.reconcile-every",
        "security.anonymous-metrics", "security.anonymous-read", "security.rate-limit", "security.max-body-bytes", "security.cors-origins",
        "security.certificate", "security.certificate-key",
        "utilization.warn", "utilization.critical",
        "dns.zones", "dns.provider", "dns.validate-every", "dns.validate-provider-zones", "dns.public", "dns.rrsig-warn-days", "dns.skip", "dns.timeout",
        "security.jwt.authority", "security.jwt.audience", "security.jwt.scope-claim", "security.jwt.require-https-metadata",
    ];

    /// <summary>Reads <paramref name="path"/> (when given) and the environment into options; throws <see cref="ServeConfigException"/>.</summary>
    public static async Task<ServeOptions> LoadAsync(string? path, Func<string, string?> environment, IEnumerable<string> environmentNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(environmentNames);
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        IReadOnlyList<DnsProviderDefinition> providers = [];
        var alerting = new AlertingConfig();
        if (path is not null)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ServeConfigException($"{path}: cannot read it ({ex.Message}).", ex);
            }

            ReadYaml(path, text, values);
            try
            {
                providers = DnsConfigLoader.ParseOptionalProviders(path, text);
            }
            catch (DnsConfigException ex)
            {
                throw new ServeConfigException(ex.Message, ex);
            }

            try
            {
                alerting = AlertingConfigLoader.Parse(path, text);
            }
            catch (AlertingConfigException ex)
            {
                throw new ServeConfigException(ex.Message, ex);
            }
        }

        foreach (var name in environmentNames)
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && environment(name) is { } value)
            {
                var key = name[EnvironmentPrefix.Length..].ToLowerInvariant().Replace("__", ".", StringComparison.Ordinal).Replace('_', '-');
                values[key] = new ConfigValue(value.Contains(',', StringComparison.Ordinal) ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [value], $"${name}");
            }
        }

        var options = Bind(values, environment);
        return options with { Dns = options.Dns with { Providers = providers, ProvidersSource = path ?? "pguide.yaml" }, Alerting = alerting };
    }

    /// <summary>Parses the YAML text's <c>serve:</c> section into flat keys (<c>storage.provider</c>) with their file:line.</summary>
    internal static void ReadYaml(string path, string text, Dictionary<string, ConfigValue> values)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ServeConfigException($"{path}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML ({ex.Message}).", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return;
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("serve"), out var serve))
        {
            return;
        }

        if (serve is not YamlMappingNode section)
        {
            throw new ServeConfigException($"{path}:{serve.Start.Line}: serve: expected a mapping of settings (serve: {{ urls: [...], storage: {{...}} }}).");
        }

        Flatten(path, section, "", values);
    }

    private static void Flatten(string path, YamlMappingNode node, string prefix, Dictionary<string, ConfigValue> values)
    {
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? "");
            var where = $"{path}:{keyNode.Start.Line}";
            switch (valueNode)
            {
                case YamlMappingNode mapping:
                    Flatten(path, mapping, key + ".", values);
                    break;
                case YamlSequenceNode sequence:
                    var items = new List<string>();
                    foreach (var item in sequence.Children)
                    {
                        items.Add(item is YamlScalarNode { Value: { } v } ? v
                            : throw new ServeConfigException($"{path}:{item.Start.Line}: serve.{key}: expected a list of plain values."));
                    }

                    values[key] = new ConfigValue(items, where);
                    break;
                case YamlScalarNode scalar:
                    values[key] = new ConfigValue(scalar.Value is { Length: > 0 } s ? [s] : [], where);
                    break;
            }
        }
    }

    internal static ServeOptions Bind(Dictionary<string, ConfigValue> values, Func<string, string?> environment)
    {
        foreach (var (key, value) in values)
        {
            if (Array.IndexOf(KnownKeys, key) < 0)
            {
                var close = KnownKeys.MinBy(k => Distance(k, key)) is { } nearest && Distance(nearest, key) <= 3 ? nearest
                    : KnownKeys.FirstOrDefault(k => k.EndsWith(key.Split('.')[^1], StringComparison.Ordinal));
                throw new ServeConfigException($"{value.Where}: serve.{key}: unknown setting." +
                    (close is null ? $" Known: {string.Join(", ", KnownKeys)}." : $" Did you mean serve.{close}?"));
            }
        }

        var defaults = new ServeOptions();
        var provider = Text(values, "storage.provider") switch
        {
            null or "sqlite" => StorageProvider.Sqlite,
            "postgresql" or "postgres" => StorageProvider.PostgreSql,
            var other => throw Invalid(values, "storage.provider", $"'{other}' is not a storage provider; use sqlite (the default) or postgresql."),
        };
        string? connection = null;
        if (Text(values, "storage.connection-string") is { } reference)
        {
            if (!SecretReference.TryParse(reference, out var secret, out var error) && provider == StorageProvider.PostgreSql)
            {
                throw Invalid(values, "storage.connection-string", $"{error} A PostgreSQL connection string holds a password: put it in a variable (env:PGUIDE_DB) or a file (file:/etc/pguide/db).");
            }

            try
            {
                connection = secret is null ? reference : secret.Resolve(environment);
            }
            catch (DnsConfigException ex)
            {
                throw Invalid(values, "storage.connection-string", ex.Message);
            }
        }

        if (provider == StorageProvider.PostgreSql && connection is null)
        {
            throw new ServeConfigException("serve.storage.connection-string: required with provider postgresql (env:NAME or file:/path holding 'Host=...;Username=...;Password=...;Database=...').");
        }

        var warn = Ratio(values, "utilization.warn", defaults.UtilizationWarn);
        var critical = Ratio(values, "utilization.critical", defaults.UtilizationCritical);
        if (warn > critical)
        {
            throw Invalid(values, "utilization.warn", $"{warn} is above serve.utilization.critical ({critical}); warn must come first.");
        }

        var urls = List(values, "urls") ?? defaults.Urls;
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Invalid(values, "urls", $"'{url}' is not an http:// or https:// URL (e.g. http://127.0.0.1:8080).");
            }
        }

        var security = new SecurityOptions
        {
            AnonymousMetrics = Flag(values, "security.anonymous-metrics", defaults.Security.AnonymousMetrics),
            AnonymousRead = values.ContainsKey("security.anonymous-read") ? Flag(values, "security.anonymous-read", fallback: false) : null,
            RequestsPerMinute = (int)Number(values, "security.rate-limit", defaults.Security.RequestsPerMinute, 1, 10_000_000),
            MaxRequestBodyBytes = Number(values, "security.max-body-bytes", defaults.Security.MaxRequestBodyBytes, 1024, 1L << 30),
            CorsOrigins = List(values, "security.cors-origins") ?? [],
            CertificatePath = Text(values, "security.certificate"),
            CertificateKey = Text(values, "security.certificate-key"),
            Jwt = Jwt(values),
        };
        if (urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) && security.CertificatePath is null)
        {
            throw Invalid(values, "urls", "an https:// URL needs serve.security.certificate (a .pfx, or a PEM with serve.security.certificate-key).");
        }

        return new ServeOptions
        {
            Urls = urls,
            DataDirectory = Text(values, "data-dir") ?? defaults.DataDirectory,
            Storage = new StorageOptions
            {
                Provider = provider,
                ConnectionString = connection,
                EventRetention = Duration(values, "storage.retention", defaults.Storage.EventRetention),
            },
            Dhcp = new DhcpSourceOptions
            {
                Logs = List(values, "dhcp.logs") ?? [],
                Config = Text(values, "dhcp.config"),
                FromStart = Flag(values, "dhcp.from-start", false),
                Kea = Kea(values),
            },
            Security = security,
            Dns = DnsSection(values),
            UtilizationWarn = warn,
            UtilizationCritical = critical,
        };
    }

    private static JwtOptions? Jwt(Dictionary<string, ConfigValue> values)
    {
        var authority = Text(values, "security.jwt.authority");
        if (authority is null)
        {
            return values.Keys.FirstOrDefault(k => k.StartsWith("security.jwt.", StringComparison.Ordinal)) is { } orphan
                ? throw Invalid(values, orphan, "needs serve.security.jwt.authority (the OpenID Connect issuer URL).")
                : null;
        }

        var requireHttps = Flag(values, "security.jwt.require-https-metadata", fallback: true);
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || (requireHttps && uri.Scheme != "https"))
        {
            throw Invalid(values, "security.jwt.authority", $"'{authority}' is not an https:// issuer URL (e.g. https://sso.example.com/realms/ops)" +
                (requireHttps ? "; http:// only with serve.security.jwt.require-https-metadata: false." : "."));
        }

        return new JwtOptions
        {
            Authority = uri,
            Audience = Text(values, "security.jwt.audience") ?? throw Invalid(values, "security.jwt.authority", "needs serve.security.jwt.audience (the client id tokens are issued for)."),
            ScopeClaim = Text(values, "security.jwt.scope-claim") ?? "scope",
            RequireHttpsMetadata = requireHttps,
        };
    }

    private static DnsServiceOptions DnsSection(Dictionary<string, ConfigValue> values)
    {
        var defaults = new DnsServiceOptions();
        TimeSpan? every = defaults.ValidateEvery;
        if (Text(values, "dns.validate-every") is "off" or "0" or "false")
        {
            every = null;
        }
        else if (values.ContainsKey("dns.validate-every"))
        {
            every = Duration(values, "dns.validate-every", defaults.ValidateEvery!.Value);
            if (every < TimeSpan.FromSeconds(10))
            {
                throw Invalid(values, "dns.validate-every", "at least 10s (or off).");
            }
        }

        var timeout = Duration(values, "dns.timeout", defaults.Timeout);
        if (timeout > TimeSpan.FromSeconds(60))
        {
            throw Invalid(values, "dns.timeout", "at most 60s.");
        }

        var skip = List(values, "dns.skip") ?? [];
        if (skip.FirstOrDefault(id => ValidationChecks.All.All(c => c.Id != id)) is { } unknown)
        {
            throw Invalid(values, "dns.skip", $"'{unknown}' is not a check id ({string.Join(", ", ValidationChecks.All.Select(c => c.Id))}).");
        }

        var warnDays = Text(values, "dns.rrsig-warn-days") is { } daysText
            ? double.TryParse(daysText, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 366 ? days
                : throw Invalid(values, "dns.rrsig-warn-days", $"'{daysText}' is not a number of days from 0 to 366.")
            : defaults.Validation.RrsigWarnDays;
        return defaults with
        {
            ZoneSpecs = List(values, "dns.zones") ?? [],
            FallbackProvider = Text(values, "dns.provider"),
            ValidateEvery = every,
            ValidateProviderZones = Flag(values, "dns.validate-provider-zones", defaults.ValidateProviderZones),
            Timeout = timeout,
            Validation = new ValidationOptions
            {
                PublicZone = Flag(values, "dns.public", fallback: false),
                RrsigWarnDays = warnDays,
                Skip = skip.ToHashSet(StringComparer.Ordinal),
            },
        };
    }

    private static KeaSourceOptions? Kea(Dictionary<string, ConfigValue> values)
    {
        var url = Text(values, "dhcp.kea.url");
        var socket = Text(values, "dhcp.kea.socket");
        if (url is null && socket is null)
        {
            return values.Keys.FirstOrDefault(k => k.StartsWith("dhcp.kea.", StringComparison.Ordinal)) is { } orphan
                ? throw Invalid(values, orphan, "needs serve.dhcp.kea.url (the Control Agent) or serve.dhcp.kea.socket (kea-dhcp4's control socket).")
                : null;
        }

        if (url is not null && socket is not null)
        {
            throw Invalid(values, "dhcp.kea.url", "give serve.dhcp.kea.url or serve.dhcp.kea.socket, not both.");
        }

        Uri? agent = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out agent) || agent.Scheme is not ("http" or "https")))
        {
            throw Invalid(values, "dhcp.kea.url", $"'{url}' is not an http:// or https:// URL (e.g. http://127.0.0.1:8000/).");
        }

        var password = Text(values, "dhcp.kea.password");
        if (password is not null && !SecretReference.TryParse(password, out _, out var error))
        {
            throw Invalid(values, "dhcp.kea.password", error!);
        }

        if ((password is null) != (Text(values, "dhcp.kea.user") is null))
        {
            throw Invalid(values, password is null ? "dhcp.kea.user" : "dhcp.kea.password", "basic auth needs both serve.dhcp.kea.user and serve.dhcp.kea.password.");
        }

        var every = Duration(values, "dhcp.kea.reconcile-every", TimeSpan.FromSeconds(60));
        if (every < TimeSpan.FromSeconds(1))
        {
            throw Invalid(values, "dhcp.kea.reconcile-every", "at least 1s.");
        }

        return new KeaSourceOptions { Url = agent, Socket = socket, User = Text(values, "dhcp.kea.user"), Password = password, ReconcileEvery = every };
    }

    /// <summary>Edit distance (insertions, deletions, substitutions), for "did you mean".</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static ServeConfigException Invalid(Dictionary<string, ConfigValue> values, string key, string message) =>
        new($"{values[key].Where}: serve.{key}: {message}");

    private static string? Text(Dictionary<string, ConfigValue> values, string key) =>
        values.TryGetValue(key, out var v) ? v.Items.Count switch
        {
            0 => null,
            1 => v.Items[0],
            _ => throw Invalid(values, key, "expected one value, not a list."),
        } : null;

    private static IReadOnlyList<string>? List(Dictionary<string, ConfigValue> values, string key) =>
        values.TryGetValue(key, out var v) ? v.Items : null;

    private static bool Flag(Dictionary<string, ConfigValue> values, string key, bool fallback) => Text(values, key) switch
    {
        null => fallback,
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw Invalid(values, key, $"'{other}' is not true or false."),
    };

    private static long Number(Dictionary<string, ConfigValue> values, string key, long fallback, long min, long max)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw Invalid(values, key, $"'{text}' is not a whole number from {min} to {max}.");
    }

    private static double Ratio(Dictionary<string, ConfigValue> values, string key, double fallback)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        var percent = text.EndsWith('%');
        return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && (percent ? n / 100 : n) is var r and > 0 and <= 1 ? r
            : throw Invalid(values, key, $"'{text}' is not a ratio between 0 and 1 (0.8) or a percentage (80%).");
    }

    private static TimeSpan Duration(Dictionary<string, ConfigValue> values, string key, TimeSpan fallback)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        return Durations.TryParse(text, out var d) && d > TimeSpan.Zero ? d
            : throw Invalid(values, key, $"'{text}' is not a duration; write 30d, 12h, 90m or 45s.");
    }
}
