using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PacketGuide.Alerting.Config;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Sends an email channel's digest with MailKit: STARTTLS (required, never a silent fallback to clear text), implicit TLS
/// or none; authentication when configured; a private CA's certificate trusted from <c>ca-file</c>. The Message-Id is
/// the outbox id, so a mail retried after the server took it but before it said so is recognisable. A 5xx answer is a
/// refusal for good; 4xx, a lost connection or a TLS failure is retried.
/// </summary>
internal static class SmtpSender
{
    public static async Task<(bool Delivered, bool Retry, string? Error)> SendAsync(AlertChannel channel, string? password, string body, long id, CancellationToken cancellationToken)
    {
        using var digest = JsonDocument.Parse(body);
        var root = digest.RootElement;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(channel.From!));
        foreach (var to in channel.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = root.GetProperty("subject").GetString() ?? "";
        message.Headers.Add("X-Pguide-Group", root.GetProperty("group").GetString() ?? "");
        if (id > 0)
        {
            // An outbox mail: the same Message-Id on every retry. Without an id (pguide alert test) MimeKit's unique one
            // stays, so two tests are two mails rather than duplicates a mailbox may drop.
            message.MessageId = $"pguide-{id}@{channel.Url.Host}";
            message.Headers.Add("X-Pguide-Delivery", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        message.Body = new BodyBuilder { TextBody = root.GetProperty("text").GetString(), HtmlBody = root.GetProperty("html").GetString() }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 15_000 };
        if (channel.CaFile is { } caFile)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, ca);
        }

        try
        {
            var security = channel.Tls switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Implicit => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(channel.Url.Host, channel.Url.Port, security, cancellationToken).ConfigureAwait(false);
            if (channel.User is { } user && password is not null)
            {
                await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return (true, false, null);
        }
        catch (SmtpCommandException ex)
        {
            var permanent = (int)ex.StatusCode >= 500;
            return (false, !permanent, $"{channel.Url.Authority} answered {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (ServiceNotAuthenticatedException ex)
        {
            return (false, false, $"{channel.Url.Authority} requires a login ({ex.Message}); set user: and password: on the channel.");
        }
        catch (AuthenticationException ex)
        {
            return (false, false, $"{channel.Url.Authority} refused the login of '{channel.User}' ({ex.Message}).");
        }
        catch (NotSupportedException ex)
        {
            // STARTTLS required but not offered: never fall back to clear text; retried until someone fixes one side.
            return (false, true, $"{channel.Url.Authority}: {ex.Message} (tls: starttls is required; nothing was sent in clear)");
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            return (false, true, $"cannot send through {channel.Url.Authority} ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>Valid under the system's roots, or chained to the configured CA with no other error.</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
