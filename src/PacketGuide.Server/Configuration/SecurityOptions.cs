namespace PacketGuide.Server.Configuration;

/// <summary><c>serve.security</c>.</summary>
public sealed record SecurityOptions
{
    /// <summary>Whether Prometheus may scrape /metrics without an API key (<c>serve.security.anonymous-metrics</c>, default true).</summary>
    public bool AnonymousMetrics { get; init; } = true;

    /// <summary>
    /// Whether the read-only API and the dashboard's data need no key (<c>serve.security.anonymous-read</c>). Off by
    /// default; <c>--demo</c> turns it on (sample data) unless the configuration says otherwise.
    /// </summary>
    public bool? AnonymousRead { get; init; }

    /// <summary>Requests per minute per API key (or per client address when anonymous) before 429 (<c>serve.security.rate-limit</c>).</summary>
    public int RequestsPerMinute { get; init; } = 6000;

    /// <summary>Largest request body accepted (<c>serve.security.max-body-bytes</c>).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1 << 20;

    /// <summary>Origins allowed to call the API from a browser (<c>serve.security.cors-origins</c>); empty means CORS off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>A PKCS#12 (.pfx) or PEM certificate for HTTPS urls (<c>serve.security.certificate</c>).</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM key file next to <see cref="CertificatePath"/>, or the .pfx password reference (<c>serve.security.certificate-key</c>).</summary>
    public string? CertificateKey { get; init; }

    /// <summary>OpenID Connect bearer tokens accepted beside API keys (<c>serve.security.jwt</c>); null: API keys only.</summary>
    public JwtOptions? Jwt { get; init; }
}
