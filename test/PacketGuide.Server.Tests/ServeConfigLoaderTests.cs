using PacketGuide.Server.Configuration;

namespace PacketGuide.Server.Tests;

public sealed class ServeConfigLoaderTests
{
    private static Task<ServeOptions> LoadAsync(string yaml, Dictionary<string, string>? environment = null) =>
        LoadFileAsync(yaml, environment);

    private static async Task<ServeOptions> LoadFileAsync(string? yaml, Dictionary<string, string>? environment)
    {
        var env = environment ?? [];
        string? path = null;
        if (yaml is not null)
        {
            path = Path.Combine(Directory.CreateTempSubdirectory("pguide-serve-config-").FullName, "pguide.yaml");
            await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        }

        try
        {
            return await ServeConfigLoader.LoadAsync(path, name => env.GetValueOrDefault(name), env.Keys, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (path is not null)
            {
                Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
            }
        }
    }

    private static async Task<string> FailureAsync(string yaml, Dictionary<string, string>? environment = null) =>
        (await Assert.ThrowsAsync<ServeConfigException>(() => LoadAsync(yaml, environment))).Message;

    [Fact]
    public async Task Defaults_without_a_file_are_loopback_sqlite_and_30_days()
    {
        var options = await LoadFileAsync(null, null);

        Assert.Equal(["http://127.0.0.1:8080"], options.Urls);
        Assert.Equal(StorageProvider.Sqlite, options.Storage.Provider);
        Assert.Equal(TimeSpan.FromDays(30), options.Storage.EventRetention);
        Assert.True(options.Security.AnonymousMetrics);
        Assert.Null(options.Security.AnonymousRead);
        Assert.Empty(options.Security.CorsOrigins);
    }

    [Fact]
    public async Task Reads_every_section_of_the_serve_mapping()
    {
        var options = await LoadAsync("""
            dns:
              providers: {}
            serve:
              urls: [http://127.0.0.1:9000, "http://[::1]:9000"]
              data-dir: /var/lib/pguide
              storage:
                provider: postgresql
                connection-string: env:PG
                retention: 7d
              dhcp:
                logs: ['/var/log/kea/kea-dhcp4.log*']
                config: /etc/kea/kea-dhcp4.conf
                from-start: true
              security:
                anonymous-metrics: false
                anonymous-read: true
                rate-limit: 100
                max-body-bytes: 4096
                cors-origins: [https://ops.example.com]
              utilization: { warn: 70%, critical: 0.95 }
            """, new() { ["PG"] = "Host=127.0.0.1;Username=u;Password=p;Database=d" });

        Assert.Equal(2, options.Urls.Count);
        Assert.Equal("/var/lib/pguide", options.DataDirectory);
        Assert.Equal(StorageProvider.PostgreSql, options.Storage.Provider);
        Assert.Equal("Host=127.0.0.1;Username=u;Password=p;Database=d", options.Storage.ConnectionString);
        Assert.Equal(TimeSpan.FromDays(7), options.Storage.EventRetention);
        Assert.Equal(["/var/log/kea/kea-dhcp4.log*"], options.Dhcp.Logs);
        Assert.Equal("/etc/kea/kea-dhcp4.conf", options.Dhcp.Config);
        Assert.True(options.Dhcp.FromStart);
        Assert.False(options.Security.AnonymousMetrics);
        Assert.True(options.Security.AnonymousRead);
        Assert.Equal(100, options.Security.RequestsPerMinute);
        Assert.Equal(4096, options.Security.MaxRequestBodyBytes);
        Assert.Equal(["https://ops.example.com"], options.Security.CorsOrigins);
        Assert.Equal(0.7, options.UtilizationWarn, 6);
        Assert.Equal(0.95, options.UtilizationCritical, 6);
    }

    [Fact]
    public async Task Environment_variables_override_the_file()
    {
        var options = await LoadAsync("serve:\n  storage:\n    retention: 7d\n", new()
        {
            ["PGUIDE_SERVE__STORAGE__RETENTION"] = "90d",
            ["PGUIDE_SERVE__DHCP__LOGS"] = "/a.log, /b.log",
            ["PGUIDE_SERVE__SECURITY__ANONYMOUS_METRICS"] = "false",
            ["UNRELATED"] = "x",
        });

        Assert.Equal(TimeSpan.FromDays(90), options.Storage.EventRetention);
        Assert.Equal(["/a.log", "/b.log"], options.Dhcp.Logs);
        Assert.False(options.Security.AnonymousMetrics);
    }

    [Fact]
    public async Task An_unknown_key_names_the_line_and_suggests_the_known_one()
    {
        var message = await FailureAsync("serve:\n  storage:\n    retension: 7d\n");

        Assert.Contains("pguide.yaml:3", message, StringComparison.Ordinal);
        Assert.Contains("serve.storage.retension: unknown setting", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_variable_is_named()
    {
        var message = await FailureAsync("serve: {}\n", new() { ["PGUIDE_SERVE__STORAGE__PROVIDOR"] = "sqlite" });

        Assert.Contains("$PGUIDE_SERVE__STORAGE__PROVIDOR", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve:\n  storage:\n    provider: mysql\n", "serve.storage.provider: 'mysql' is not a storage provider")]
    [InlineData("serve:\n  storage:\n    provider: postgresql\n", "serve.storage.connection-string: required with provider postgresql")]
    [InlineData("serve:\n  storage:\n    provider: postgresql\n    connection-string: Host=x;Password=hunter2\n", "must be env:NAME or file:/path")]
    [InlineData("serve:\n  storage:\n    retention: forever\n", "serve.storage.retention: 'forever' is not a duration")]
    [InlineData("serve:\n  storage:\n    retention: 0d\n", "serve.storage.retention")]
    [InlineData("serve:\n  utilization:\n    warn: 0.95\n    critical: 0.9\n", "warn must come first")]
    [InlineData("serve:\n  utilization:\n    warn: 1.5\n", "not a ratio between 0 and 1")]
    [InlineData("serve:\n  security:\n    rate-limit: -5\n", "serve.security.rate-limit: '-5' is not a whole number")]
    [InlineData("serve:\n  security:\n    rate-limit: 99999999999999999999\n", "is not a whole number")]
    [InlineData("serve:\n  security:\n    anonymous-metrics: maybe\n", "'maybe' is not true or false")]
    [InlineData("serve:\n  urls: [ftp://127.0.0.1]\n", "is not an http:// or https:// URL")]
    [InlineData("serve:\n  urls: [https://127.0.0.1:8443]\n", "needs serve.security.certificate")]
    [InlineData("serve:\n  urls: [http://a]\n  data-dir: [a, b]\n", "expected one value, not a list")]
    [InlineData("serve: [1, 2]\n", "serve: expected a mapping")]
    [InlineData("serve:\n  urls: [{a: 1}]\n", "expected a list of plain values")]
    [InlineData("serve:\n  urls: [unclosed\n", "not valid YAML")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      reconcile-every: 30s\n", "needs serve.dhcp.kea.url")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      url: http://127.0.0.1:8000/\n      socket: /run/kea/kea4.sock\n", "not both")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      url: kea.local\n", "is not an http:// or https:// URL")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      url: http://a/\n      user: ops\n      password: hunter2\n", "must be env:NAME or file:/path")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      url: http://a/\n      user: ops\n", "needs both")]
    [InlineData("serve:\n  dhcp:\n    kea:\n      socket: /s\n      reconcile-every: 0s\n", "serve.dhcp.kea.reconcile-every")]
    [InlineData("serve:\n  dns:\n    validate-every: 2s\n", "serve.dns.validate-every: at least 10s (or off)")]
    [InlineData("serve:\n  dns:\n    validate-every: soon\n", "'soon' is not a duration")]
    [InlineData("serve:\n  dns:\n    skip: [latency, spelling]\n", "serve.dns.skip: 'spelling' is not a check id")]
    [InlineData("serve:\n  dns:\n    rrsig-warn-days: -1\n", "serve.dns.rrsig-warn-days: '-1' is not a number of days")]
    [InlineData("serve:\n  dns:\n    timeout: 5m\n", "serve.dns.timeout: at most 60s")]
    [InlineData("serve:\n  dns:\n    zone: [zones/]\n", "Did you mean serve.dns.zones?")]
    [InlineData("dns:\n  providers:\n    p:\n      type: bind9\n", "dns.providers.p.type 'bind9' is not supported")]
    [InlineData("serve:\n  security:\n    jwt:\n      audience: pguide\n", "needs serve.security.jwt.authority")]
    [InlineData("alerting:\n  rules:\n    - {name: x, kind: decline, for: forever}\n", "pguide.yaml:3: alerting.rules[0].for: 'forever' is not a duration")]
    [InlineData("serve:\n  security:\n    jwt:\n      authority: http://sso.example/realms/ops\n      audience: pguide\n", "http:// only with serve.security.jwt.require-https-metadata: false")]
    [InlineData("serve:\n  security:\n    jwt:\n      authority: https://sso.example/realms/ops\n", "needs serve.security.jwt.audience")]
    public async Task Invalid_settings_are_refused_with_the_key_and_the_fix(string yaml, string expected)
    {
        var message = await FailureAsync(yaml);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dns_section_and_the_providers_are_read()
    {
        var options = await LoadAsync("""
            dns:
              providers:
                pdns:
                  type: powerdns
                  url: http://127.0.0.1:8081/api/v1/servers/localhost
                  api-key: env:PDNS_KEY
                  server: 127.0.0.1:5300
            serve:
              dns:
                zones: [zones/, extra/example.org.yaml]
                provider: pdns
                validate-every: 15m
                validate-provider-zones: false
                public: true
                rrsig-warn-days: 14
                skip: [latency]
                timeout: 3s
            """);

        var dns = options.Dns;
        Assert.Equal("pdns", Assert.Single(dns.Providers).Name);
        Assert.Equal(["zones/", "extra/example.org.yaml"], dns.ZoneSpecs);
        Assert.Equal("pdns", dns.FallbackProvider);
        Assert.Equal(TimeSpan.FromMinutes(15), dns.ValidateEvery);
        Assert.False(dns.ValidateProviderZones);
        Assert.True(dns.Validation.PublicZone);
        Assert.Equal(14, dns.Validation.RrsigWarnDays);
        Assert.Equal(["latency"], dns.Validation.Skip);
        Assert.Equal(TimeSpan.FromSeconds(3), dns.Timeout);
        Assert.True(dns.Configured);
        Assert.Equal(11, options.Alerting.Rules.Count); // no alerting section: the built-in rules
    }

    [Fact]
    public async Task Without_dns_settings_nothing_is_validated_and_off_turns_the_schedule_off()
    {
        var none = await LoadAsync("serve: {}\n");
        var off = await LoadAsync("serve:\n  dns:\n    zones: [zones/]\n    validate-every: off\n");

        Assert.False(none.Dns.Configured);
        Assert.Empty(none.Dns.Providers);
        Assert.Equal(TimeSpan.FromMinutes(5), none.Dns.ValidateEvery);
        Assert.True(off.Dns.Configured);
        Assert.Null(off.Dns.ValidateEvery);
    }

    [Fact]
    public async Task An_openid_connect_issuer_is_read()
    {
        var options = await LoadAsync("serve:\n  security:\n    jwt:\n      authority: https://sso.example/realms/ops\n      audience: pguide\n      scope-claim: roles\n");

        var jwt = options.Security.Jwt!;
        Assert.Equal(new Uri("https://sso.example/realms/ops"), jwt.Authority);
        Assert.Equal(("pguide", "roles", true), (jwt.Audience, jwt.ScopeClaim, jwt.RequireHttpsMetadata));
    }

    [Fact]
    public async Task A_kea_to_reconcile_with_is_read()
    {
        var options = await LoadAsync("serve:\n  dhcp:\n    kea:\n      url: http://127.0.0.1:8000/\n      user: ops\n      password: env:KEA_PW\n      reconcile-every: 5m\n");

        Assert.Equal(new Uri("http://127.0.0.1:8000/"), options.Dhcp.Kea?.Url);
        Assert.Equal(("ops", "env:KEA_PW"), (options.Dhcp.Kea!.User, options.Dhcp.Kea.Password));
        Assert.Equal(TimeSpan.FromMinutes(5), options.Dhcp.Kea.ReconcileEvery);
    }

    [Fact]
    public async Task A_missing_secret_is_named_but_never_shown()
    {
        var message = await FailureAsync("serve:\n  storage:\n    provider: postgresql\n    connection-string: env:PGUIDE_TEST_UNSET\n");

        Assert.Contains("env:PGUIDE_TEST_UNSET", message, StringComparison.Ordinal);
        Assert.Contains("not set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_a_serve_section_gives_the_defaults()
    {
        var options = await LoadAsync("dns:\n  providers: {}\n");

        Assert.Equal(new ServeOptions().Urls, options.Urls);
    }

    [Theory]
    [InlineData("30d", 30 * 86400)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    public void Durations_parse(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("5")]
    [InlineData("5w")]
    [InlineData("-5d")]
    [InlineData("999999999999d")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(Durations.TryParse(text, out _));
}
