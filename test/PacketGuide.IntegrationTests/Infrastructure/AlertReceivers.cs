namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>Receivers the alerting tests send to: a real SMTP server (scripts/services/smtp.sh, aiosmtpd) and its Maildir.</summary>
public static class AlertReceivers
{
    /// <summary>A 32-character PagerDuty routing key (the Events API's length).</summary>
    public const string RoutingKey = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32";

    /// <summary>Starts aiosmtpd (options: <c>--starttls</c>) and returns its smtp.env (SMTP_PORT, SMTP_MAILDIR, SMTP_CERT, SMTP_WORK).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StartSmtpAsync(AsyncCleanup cleanup, CancellationToken cancellationToken, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        Prerequisites.RequirePrograms("curl");
        if (!File.Exists("/usr/lib/python3/dist-packages/aiosmtpd/__init__.py"))
        {
            Assert.Skip("not installed: python3-aiosmtpd (scripts/test.sh installs it)");
        }

        var work = cleanup.Add("delete SMTP work directory", TestWorkDirectory.Create("smtp"));
        await ServiceScript.RunAsync("smtp.sh", ["start", work.Path, .. options], cancellationToken);
        cleanup.Add("stop the SMTP server", async () => await ServiceScript.RunAsync("smtp.sh", ["stop", work.Path], CancellationToken.None));
        return new Dictionary<string, string>(await EnvFile.ReadAsync(work.File("smtp.env"), cancellationToken), StringComparer.Ordinal) { ["SMTP_WORK"] = work.Path };
    }

    /// <summary>An email channel to that server, from pguide@ to ops@ and noc@ (example.test).</summary>
    public static PacketGuide.Alerting.Config.AlertChannel Email(IReadOnlyDictionary<string, string> smtp, PacketGuide.Alerting.Config.SmtpSecurity tls)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        return new()
        {
            Name = "mail", Type = PacketGuide.Alerting.Config.AlertChannelType.Email, Url = new Uri($"smtp://127.0.0.1:{smtp["SMTP_PORT"]}"), Tls = tls,
            From = "pguide@example.test", To = ["ops@example.test", "noc@example.test"],
        };
    }

    /// <summary>The mails in a Maildir's new/ (none when it does not exist yet).</summary>
    public static List<MimeKit.MimeMessage> Mails(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory).Select(f => MimeKit.MimeMessage.Load(f))] : [];
}
