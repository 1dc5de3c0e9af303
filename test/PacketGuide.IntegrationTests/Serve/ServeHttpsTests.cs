using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>HTTPS with a configured certificate (PEM and PKCS#12), HSTS, and a clear refusal of a bad certificate.</summary>
public sealed class ServeHttpsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Https_serves_with_the_configured_certificate_and_sends_hsts(string format)
    {
        await using var work = TestWorkDirectory.Create("serve-https");
        using var certificate = SelfSigned();
        string path;
        string? key;
        Dictionary<string, string?> environment = [];
        if (format == "pem")
        {
            path = work.File("tls.crt");
            key = work.File("tls.key");
            await File.WriteAllTextAsync(path, certificate.ExportCertificatePem(), Ct);
            await File.WriteAllTextAsync(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), Ct);
        }
        else
        {
            path = work.File("tls.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pkcs12, "s3cret"), Ct);
            var passwordFile = work.File("pfx-password");
            await File.WriteAllTextAsync(passwordFile, "s3cret\n", Ct);
            key = $"file:{passwordFile}";
        }

        await using var host = await ServeTestHost.StartAsync(work, o => o with
        {
            Urls = ["https://127.0.0.1:0"],
            Security = o.Security with { CertificatePath = path, CertificateKey = key, AnonymousRead = true },
        }, Ct);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync("/api/v1/subnets", Ct);

        Assert.Equal("https", host.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_certificate_is_a_configuration_error_naming_the_key()
    {
        await using var work = TestWorkDirectory.Create("serve-https-bad");
        await File.WriteAllTextAsync(work.File("bad.crt"), "not a certificate", Ct);

        var ex = await Assert.ThrowsAsync<ServeConfigException>(() => ServeTestHost.StartAsync(work, o => o with
        {
            Urls = ["https://127.0.0.1:0"],
            Security = o.Security with { CertificatePath = work.File("bad.crt") },
        }, Ct));

        Assert.Contains("serve.security.certificate", ex.Message, StringComparison.Ordinal);
    }
}
