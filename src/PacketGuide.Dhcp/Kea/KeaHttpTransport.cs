using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// The Kea Control Agent: <c>POST /</c> with a JSON command, answered by a JSON array (one object per service).
/// Basic authentication, and TLS with a private CA and an optional client certificate, as Kea's agent supports.
/// Proxies from the environment are ignored: the agent is reached directly.
/// </summary>
internal sealed class KeaHttpTransport : IKeaTransport
{
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly int _maxResponseBytes;
    private readonly X509Certificate2Collection _trust = [];
    private readonly X509Certificate2? _clientCertificate;
    private readonly bool _hasClientCertificate;
    private string? _certificateProblem;

    public KeaHttpTransport(KeaClientOptions options)
    {
        var url = options.AgentUrl ?? throw new ArgumentException("AgentUrl is required.", nameof(options));
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new KeaConfigurationException("The control agent URL must be absolute http:// or https://, e.g. http://127.0.0.1:8000/.");
        }

        if (url.UserInfo.Length > 0)
        {
            // Do not echo the URL: its user info may hold a password.
            throw new KeaConfigurationException(
                "The control agent URL must not contain a user or password; pass the user with --user and the password with --password-file or --password-env.");
        }

        _url = url;
        Target = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        _maxResponseBytes = options.MaxResponseBytes;
        if (options.Credentials is { } credentials)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.User + ":" + credentials.Password));
            _authorization = new AuthenticationHeaderValue("Basic", token);
        }

        var tlsOptionsGiven = options.CaCertificatePath is not null || options.ClientCertificatePath is not null;
        if (tlsOptionsGiven && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new KeaConfigurationException($"--ca-cert and --client-cert need an https:// agent URL ({Target} is plain HTTP).");
        }

        if (options.CaCertificatePath is { } caPath)
        {
            try
            {
                _trust.ImportFromPemFile(caPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new KeaConfigurationException($"Cannot read the CA certificate '{caPath}': {ex.Message}", ex);
            }

            if (_trust.Count == 0)
            {
                throw new KeaConfigurationException($"The CA file '{caPath}' holds no PEM certificate.");
            }
        }

        if (options.ClientCertificatePath is { } certPath)
        {
            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(certPath, options.ClientKeyPath);
                // A PEM key is ephemeral; SslStream wants a certificate whose key it can use for the whole handshake.
                _clientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                _hasClientCertificate = true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new KeaConfigurationException(
                    $"Cannot load the client certificate '{certPath}'{(options.ClientKeyPath is { } k ? $" with key '{k}'" : "")}: {ex.Message}", ex);
            }
        }
        else if (options.ClientKeyPath is not null)
        {
            throw new KeaConfigurationException("--client-key needs --client-cert.");
        }

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateServerCertificate,
                ClientCertificates = _clientCertificate is null ? null : [_clientCertificate],
            },
        };
        if (options.ConnectCallback is { } connect)
        {
            handler.ConnectCallback = connect;
        }

        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public string Target { get; }

    public bool IsAgent => true;

    public async Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, string command, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ReadOnlyMemoryContent(request) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = _authorization;
        _certificateProblem = null;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Translate(ex);
        }

        using (response)
        {
            ReadOnlyMemory<byte> body;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                body = await BoundedReader.ReadToEndAsync(stream, _maxResponseBytes, Target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new KeaUnreachableException(Target, $"The control agent {Target} broke the connection while answering '{command}': {ex.Message}", ex);
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var how = _authorization is null
                    ? "it requires HTTP basic authentication: pass --user and --password-file (or --password-env)"
                    : "the user or password was refused: check --user and the password file/variable against the agent's authentication clients";
                throw new KeaAuthenticationException(Target, $"The control agent {Target} answered {status} {response.ReasonPhrase}: {how}.", status);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new KeaProtocolException(Target,
                    $"The control agent {Target} answered HTTP {status} {response.ReasonPhrase} to '{command}': {KeaResponse.Excerpt(body.Span)}");
            }

            return body;
        }
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            _certificateProblem = "the agent sent no certificate";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            _certificateProblem = $"its certificate does not name {_url.Host} (an IP address needs an IP subjectAltName)";
            return false;
        }

        if (_trust.Count == 0)
        {
            if (errors != SslPolicyErrors.None)
            {
                _certificateProblem = "its certificate is not trusted by the system store; pass the CA that signed it with --ca-cert";
            }

            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trust);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(leaf))
        {
            return true;
        }

        var status = string.Join(", ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        _certificateProblem = $"its certificate is not signed by the CA given with --ca-cert ({status})";
        return false;
    }

    private KeaException Translate(HttpRequestException ex)
    {
        if (ex.HttpRequestError == HttpRequestError.SecureConnectionError || IsTlsFailure(ex))
        {
            var reason = _certificateProblem
                ?? (Chain(ex).Any(e => e.Message.Contains("certificate required", StringComparison.OrdinalIgnoreCase))
                    ? "the agent requires a client certificate (cert-required): pass --client-cert and --client-key"
                    : null)
                ?? (_hasClientCertificate
                    ? "the handshake failed; the agent may have refused the client certificate (check it is signed by the agent's trust-anchor)"
                    : "the handshake failed; if the agent requires client certificates (cert-required) pass --client-cert and --client-key;"
                      + " if it has no TLS use http://");
            return new KeaTlsException(Target, $"TLS to the control agent {Target} failed: {reason}.", ex);
        }

        if (ex.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            var hint = _url.Scheme == Uri.UriSchemeHttp
                ? " If the agent is configured with TLS (cert-file), use https:// and --ca-cert."
                : "";
            return new KeaUnreachableException(Target, $"The control agent {Target} closed the connection without an HTTP answer.{hint}", ex);
        }

        if (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return new KeaUnreachableException(Target,
                $"Cannot connect to the control agent {Target}: {ex.InnerException?.Message ?? ex.Message}. Is kea-ctrl-agent running, "
                + "and are http-host/http-port in its configuration this address?", ex);
        }

        return new KeaUnreachableException(Target, $"The request to the control agent {Target} failed: {ex.Message}", ex);
    }

    /// <summary>
    /// With TLS 1.3 an agent that refuses the client certificate says so after the handshake, so it surfaces as a
    /// failed first read (an OpenSSL alert inside an IOException) rather than as a handshake error.
    /// </summary>
    private static bool IsTlsFailure(Exception ex) => Chain(ex).Any(e => e is AuthenticationException
        || (e.GetType().FullName ?? "").Contains("Ssl", StringComparison.Ordinal));

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _clientCertificate?.Dispose();
        foreach (var c in _trust)
        {
            c.Dispose();
        }
    }
}
