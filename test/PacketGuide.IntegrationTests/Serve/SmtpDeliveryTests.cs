using System.Text;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.Rules;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Alerting;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The email channel's login and TLS modes against a real SMTP server (aiosmtpd through scripts/services/smtp.sh, which
/// requires AUTH as one user with a random password): a mail goes out over STARTTLS and over implicit TLS with the right
/// password, and a wrong password or a missing login is refused for good with the server's words, never retried forever.
/// </summary>
public sealed class SmtpDeliveryTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();
    private readonly TimeProvider _time = TimeProvider.System;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    private string Digest(AlertChannel channel)
    {
        var now = _time.GetUtcNow();
        var alert = new Alert
        {
            Key = "address-conflict|subnet=10.77.0.0/22", Rule = "address-conflict", Kind = AlertRuleKind.Decline, Severity = AlertSeverity.Warning,
            Labels = [new("alertname", "address-conflict"), new("severity", "warning"), new("subnet", "10.77.0.0/22")],
            Summary = "Subnet 10.77.0.0/22: 1 address conflict(s) (DECLINE) in 15m", State = AlertState.Firing, ActiveSince = now, FiredAt = now,
        };
        var notification = new AlertNotification("alertname=address-conflict", [new("alertname", "address-conflict")], [alert], [], now) { Reason = "firing" };
        return Assert.Single(NotificationRenderer.Render(notification, channel, now)).Body;
    }

    [Theory]
    [InlineData("--starttls", SmtpSecurity.StartTls)]
    [InlineData("--implicit-tls", SmtpSecurity.Implicit)]
    public async Task A_mail_goes_out_with_the_right_login_over_TLS(string mode, SmtpSecurity security)
    {
        Prerequisites.RequirePrograms("openssl");
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct, mode, "--auth", "pguide");
        var channel = AlertReceivers.Email(smtp, security) with { User = "pguide", CaFile = smtp["SMTP_CERT"] };
        using var sender = new NotificationSender(_time);

        var password = (await File.ReadAllTextAsync(smtp["SMTP_PASSWORD_FILE"], Ct)).Trim();
        var result = await sender.SendAsync(channel, Encoding.UTF8.GetBytes(password), Digest(channel), 41, Ct);

        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        var mail = Assert.Single(AlertReceivers.Mails(Path.Combine(smtp["SMTP_MAILDIR"], "new")));
        Assert.Equal("[pguide] FIRING 1: alertname=address-conflict", mail.Subject);
        Assert.Contains("AUTH ", await File.ReadAllTextAsync(smtp["SMTP_LOG"], Ct), StringComparison.Ordinal);
        Assert.Contains(": accepted", await File.ReadAllTextAsync(smtp["SMTP_LOG"], Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_for_good_and_the_password_is_not_in_the_error()
    {
        Prerequisites.RequirePrograms("openssl");
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct, "--starttls", "--auth", "pguide");
        var channel = AlertReceivers.Email(smtp, SmtpSecurity.StartTls) with { User = "pguide", CaFile = smtp["SMTP_CERT"] };
        using var sender = new NotificationSender(_time);

        var result = await sender.SendAsync(channel, "not-the-password-0xC0FFEE"u8.ToArray(), Digest(channel), 42, Ct);

        Assert.True(result.Outcome == SendOutcome.Refused, $"{result.Outcome}: {result.Error}");
        Assert.Contains("refused the login of 'pguide'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("0xC0FFEE", result.Error, StringComparison.Ordinal);
        Assert.Empty(AlertReceivers.Mails(Path.Combine(smtp["SMTP_MAILDIR"], "new")));
        Assert.Contains("AUTH PLAIN pguide: refused", await File.ReadAllTextAsync(smtp["SMTP_LOG"], Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_requires_a_login_refuses_a_channel_without_one_in_its_own_words()
    {
        Prerequisites.RequirePrograms("openssl");
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct, "--starttls", "--auth", "pguide");
        var channel = AlertReceivers.Email(smtp, SmtpSecurity.StartTls) with { CaFile = smtp["SMTP_CERT"] };
        using var sender = new NotificationSender(_time);

        var result = await sender.SendAsync(channel, null, Digest(channel), 43, Ct);

        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Contains("requires a login (5.7.0 Authentication required); set user: and password:", result.Error, StringComparison.Ordinal);
        Assert.Empty(AlertReceivers.Mails(Path.Combine(smtp["SMTP_MAILDIR"], "new")));
    }
}
