using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dns.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Api;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Dashboard;
using PacketGuide.Server.Demo;
using PacketGuide.Server.DnsService;
using PacketGuide.Server.Metrics;
using PacketGuide.Server.Pipeline;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;
using Scalar.AspNetCore;

namespace PacketGuide.Server;

/// <summary>
/// Builds <c>pguide serve</c>: Kestrel with the REST API, /metrics, /healthz, /readyz, the OpenAPI document, the API docs
/// and the dashboard, over a migrated store, with the DHCP pipeline hosted beside it.
/// </summary>
public static class ServeHost
{
    /// <summary>
    /// Opens and migrates the store, then builds the application (not started). Throws <see cref="ServeConfigException"/>
    /// for configuration the service cannot start with, naming the key.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(ServeOptions options, TimeProvider timeProvider, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var demo = options.Demo ? new DemoFiles(options.DataDirectory) : null;
        demo?.Prepare();
        var configPath = options.Dhcp.Config ?? demo?.ConfigPath;
        DhcpServerConfig? dhcpConfig = null;
        if (configPath is not null)
        {
            try
            {
                dhcpConfig = await DhcpConfigLoader.LoadAsync(configPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DhcpConfigException or IOException or UnauthorizedAccessException)
            {
                throw new ServeConfigException($"serve.dhcp.config: {ex.Message}", ex);
            }
        }

        Directory.CreateDirectory(options.DataDirectory);
        var database = StoreDatabase.Open(options.Storage, options.DataDirectory, timeProvider);
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            builder.Logging.AddFilter("PacketGuide.Server.Security", LogLevel.Warning); // one line per refused request would drown the log
        }
        else
        {
            logging(builder.Logging);
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Security.MaxRequestBodyBytes;
            if (options.Security.CertificatePath is { } certificate)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = LoadCertificate(certificate, options.Security.CertificateKey));
            }
        });

        var anonymousRead = options.Security.AnonymousRead ?? options.Demo;
        var services = builder.Services;
        // Kept in the data directory, not the user's profile: a service owns its state in one place.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys"))).SetApplicationName("pguide");
        services.AddSingleton(options);
        services.AddSingleton(timeProvider);
        services.AddSingleton(database);
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<HostStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DhcpStateWriter>();
        services.AddSingleton(new LeaseTracker(new LeaseTrackerOptions(), timeProvider, dhcpConfig));
        services.AddSingleton(new SubnetNames(dhcpConfig));
        services.AddSingleton<EventHub>();
        services.AddSingleton<PipelineStatus>();
        services.AddSingleton<DhcpServerRegistry>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<PipelineResponseCache>();
        services.AddSingleton<ValidationRunStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton(OpenDnsProviders(options, timeProvider));
        services.AddSingleton<DnsMetrics>();
        services.AddSingleton<DnsServerHealth>();
        services.AddSingleton<DnsValidationRunner>();
        services.AddSingleton(new AlertEngine(options.Alerting.Rules, timeProvider));
        services.AddSingleton<AlertingStatus>();
        services.AddSingleton<AlertMetrics>();
        services.AddSingleton(OpenAlertChannels(options));
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<AlertStateStore>();
        services.AddSingleton<SilenceStore>();
        services.AddSingleton<AlertContextReader>();
        services.AddHostedService<AlertingService>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DnsValidationRunner>());
        var patterns = options.Dhcp.Logs.ToList();
        if (demo is not null)
        {
            patterns.Add(demo.LogPattern);
            services.AddSingleton(demo);
            services.AddHostedService<DemoTraffic>();
        }

        services.AddSingleton(new PipelineSources(patterns, Path.Combine(options.DataDirectory, "checkpoints"), options.Dhcp.FromStart || demo is not null));
        services.AddHostedService<DhcpPipeline>();
        services.AddHostedService<Housekeeping>();
        services.AddSingleton(new KeaHealth { Target = options.Dhcp.Kea is { } kea ? kea.Url?.ToString() ?? kea.Socket : null });
        services.AddHostedService<KeaReconciler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
            // Log data (hostnames, client ids) and echoed input are hostile: <, >, & and quotes leave as \u escapes.
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default;
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        // The framework leaves loopback names out of HSTS for development; a configured certificate means production.
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(180);
            hsts.ExcludedHosts.Clear();
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PacketGuide API";
            document.Info.Description = "Leases, DHCP events, subnet utilization, the host inventory, DNS records, zone plans and validation runs. Authenticate with 'Authorization: Bearer pgk_...' (pguide apikey create).";
            return Task.CompletedTask;
        }));
        var authentication = services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (options.Security.Jwt is { } jwt)
        {
            AddTokens(services, authentication, jwt);
        }

        services.AddAuthorization(ApiPolicies.Add);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.User.FindFirst("pguide:key")?.Value ?? context.User.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Security.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, ct) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await TypedResults.Problem($"More than {options.Security.RequestsPerMinute} requests in a minute (serve.security.rate-limit); retry after a minute.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
        if (options.Security.CorsOrigins.Count > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(p => p.WithOrigins([.. options.Security.CorsOrigins]).WithMethods("GET", "POST", "PUT", "DELETE").WithHeaders("Authorization", "Content-Type", "If-Match", "X-Api-Key")));
        }

        var app = builder.Build();
        foreach (var warning in dhcpConfig?.Warnings ?? [])
        {
            // A subnet or pool the reader skipped changes every utilization figure: say so where operators look.
            ServeStartupLog.ConfigWarning(app.Logger, warning.ToString());
        }

        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.Services.GetRequiredService<DnsMetrics>(); // its families are exported from the first scrape
        app.Services.GetRequiredService<AlertMetrics>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.Urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            app.UseHsts();
        }

        app.Use(SecurityHeaders.Apply);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.ObserveRequest(route, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
        if (options.Security.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealth();
        var metricsEndpoint = app.MapGet("/metrics", (HttpContext context, CancellationToken ct) => MetricsExport.WriteAsync(context, metrics, ct)).ExcludeFromDescription();
        if (!options.Security.AnonymousMetrics)
        {
            metricsEndpoint.RequireAuthorization(ApiPolicies.Read);
        }

        var api = app.MapGroup("/api/v1");
        if (!anonymousRead)
        {
            api.RequireAuthorization(ApiPolicies.Read);
        }

        api.MapLeases();
        api.MapEvents();
        api.MapSubnets();
        api.MapServers();
        api.MapHosts();
        api.MapDnsRecords();
        api.MapDnsZones();
        api.MapValidations();
        api.MapAlerts();
        api.MapAdmin();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("PacketGuide API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapDashboard();
        return app;
    }

    /// <summary>
    /// <c>serve.security.jwt</c>: a bearer token that is not a <c>pgk_</c> key goes to the JWT handler, which checks it
    /// against the issuer's published keys, audience and lifetime; its <c>pguide:*</c> scopes become the key scope claim
    /// the policies read.
    /// </summary>
    private static void AddTokens(IServiceCollection services, AuthenticationBuilder authentication, JwtOptions jwt)
    {
        const string Selector = "pguide";
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = o.DefaultAuthenticateScheme = o.DefaultChallengeScheme = Selector);
        authentication.AddPolicyScheme(Selector, "API key or OpenID Connect token", o => o.ForwardDefaultSelector = context =>
            context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !header.AsSpan(7).TrimStart().StartsWith("pgk_", StringComparison.Ordinal)
                ? JwtBearerDefaults.AuthenticationScheme
                : ApiKeyAuthenticationHandler.SchemeName);
        authentication.AddJwtBearer(o =>
        {
            o.Authority = jwt.Authority.ToString();
            o.Audience = jwt.Audience;
            o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = "preferred_username";
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is not ClaimsIdentity identity)
                    {
                        return Task.CompletedTask;
                    }

                    // Claims named like PacketGuide's own are the issuer's to make up, not a grant: only the mapped scope counts.
                    foreach (var forged in identity.Claims.Where(c => c.Type.StartsWith("pguide:", StringComparison.Ordinal)).ToList())
                    {
                        identity.RemoveClaim(forged);
                    }

                    if (TokenScopes.Highest(context.Principal, jwt.ScopeClaim) is { } scope)
                    {
                        identity.AddClaim(new Claim(ApiPolicies.ScopeClaim, ApiKeyStore.ScopeName(scope)));
                    }

                    return Task.CompletedTask;
                },
            };
        });
    }

    private static AlertChannels OpenAlertChannels(ServeOptions options) => new(options.Alerting.Channels, Environment.GetEnvironmentVariable);

    /// <summary>Builds every DNS provider now, so a missing secret or unreadable key file stops the start (exit 2) instead of failing requests.</summary>
    private static DnsProviderSet OpenDnsProviders(ServeOptions options, TimeProvider timeProvider)
    {
        var providers = new DnsProviderSet(options.Dns.Providers, options.Dns.ProvidersSource, options.Dns.Timeout * 10, Environment.GetEnvironmentVariable, timeProvider);
        try
        {
            foreach (var definition in options.Dns.Providers)
            {
                try
                {
                    providers.Get(definition.Name, null, "the service");
                }
                catch (DnsConfigException ex) when (!ex.Message.StartsWith(definition.Location, StringComparison.Ordinal))
                {
                    throw new DnsConfigException($"{definition.Location}: dns.providers.{definition.Name}: {ex.Message}", ex);
                }
            }

            if (options.Dns.FallbackProvider is { } fallback)
            {
                providers.Definition(fallback, null, "serve.dns.provider");
            }

            return providers;
        }
        catch (DnsConfigException ex)
        {
            providers.Dispose();
            throw new ServeConfigException(ex.Message, ex);
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? key)
    {
        try
        {
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                var password = key is null ? null : Dns.Config.SecretReference.TryParse(key, out var secret, out _) ? secret!.Resolve(Environment.GetEnvironmentVariable) : null;
                return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }

            return X509Certificate2.CreateFromPemFile(path, key ?? Path.ChangeExtension(path, ".key"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or Dns.Config.DnsConfigException)
        {
            throw new ServeConfigException($"serve.security.certificate: cannot load {path} ({ex.GetType().Name}); give a .pfx (password in serve.security.certificate-key as env:/file:) or a PEM with its key file.", ex);
        }
    }
}
