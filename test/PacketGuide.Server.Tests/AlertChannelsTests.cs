using PacketGuide.Alerting.Config;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Server.Tests;

/// <summary>What a channel needs is read once at start; what cannot be read stops the start naming the key.</summary>
public sealed class AlertChannelsTests
{
    private static AlertChannel Mail(string? caFile) => new()
    {
        Name = "mail", Type = AlertChannelType.Email, Url = new Uri("smtp://127.0.0.1:587"), From = "a@example.test", To = ["b@example.test"], CaFile = caFile,
        Location = "pguide.yaml:12",
    };

    [Fact]
    public void A_ca_file_that_holds_no_certificate_stops_the_start()
    {
        var notACertificate = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notACertificate, "-----BEGIN CERTIFICATE-----\nbroken\n");
            foreach (var path in new[] { notACertificate, "/nonexistent/ca.pem" })
            {
                var error = Assert.Throws<ServeConfigException>(() => new AlertChannels([Mail(path)], _ => null));
                Assert.StartsWith($"pguide.yaml:12: alerting.channels.mail.ca-file: {path}: cannot read a certificate", error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(notACertificate);
        }
    }

    [Fact]
    public void A_secret_is_resolved_from_the_environment_and_kept_as_bytes()
    {
        var channels = new AlertChannels([Mail(null) with { Secret = "env:PGUIDE_TEST_SMTP_PW", User = "pguide" }], name => name == "PGUIDE_TEST_SMTP_PW" ? "pässword" : null);
        Assert.True(channels.TryGet("mail", out _, out var secret));
        Assert.Equal("pässword"u8.ToArray(), secret);
        Assert.False(channels.TryGet("other", out _, out _));
    }
}
