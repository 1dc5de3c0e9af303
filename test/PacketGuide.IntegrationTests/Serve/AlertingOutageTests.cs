using System.Diagnostics;
using System.Text.Json;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Rules;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The receivers are down for 60 s while alerts fire and resolve, and pguide serve is restarted in the middle of it: once
/// they are back, every notification arrives exactly once, in order (trigger before resolve), and the resolution of an
/// alert that fired before the restart is not forgotten. A real SMTP server (aiosmtpd, stopped and resumed on its port)
/// and the PagerDuty stand-in (likewise).
/// </summary>
public sealed class AlertingOutageTests : IAsyncDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private readonly AsyncCleanup _cleanup = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Mail_and_PagerDuty_down_for_a_minute_and_a_restart_between_get_every_notification_once()
    {
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct);
        var pagerDuty = _cleanup.Add("stop the PagerDuty stand-in", await PagerDutyStandIn.StartAsync(Ct));
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("alert-outage"));
        var keyFile = work.File("pd-routing-key");
        await File.WriteAllTextAsync(keyFile, AlertReceivers.RoutingKey, Ct);
        var window = TimeSpan.FromSeconds(30);
        var host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(work, o => o with
        {
            Alerting = new AlertingConfig
            {
                EvaluateEvery = TimeSpan.FromSeconds(1),
                Rules =
                [
                    AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "allocation-failure") with { Window = window },
                    AlertRuleDefaults.For(AlertRuleKind.Decline, "address-conflict") with { Window = window },
                ],
                Channels =
                [
                    AlertReceivers.Email(smtp, SmtpSecurity.None),
                    new AlertChannel { Name = "pager", Type = AlertChannelType.PagerDuty, Url = new Uri(pagerDuty.Url), Secret = $"file:{keyFile}" },
                ],
            },
        }, Ct));

        // Both receivers go down; then the alerts fire.
        await ServiceScript.RunAsync("smtp.sh", ["stop", smtp["SMTP_WORK"]], Ct);
        await pagerDuty.StopAsync();
        var down = Stopwatch.StartNew();
        await host.AppendKeaSampleAsync(Ct);
        using (var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct)))
        {
            await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(client)).Count(n => n.GetProperty("attempts").GetInt32() >= 1) == 4,
                "two mails and two PagerDuty triggers, each tried and refused", Ct);
        }

        // A restart while they fire: nothing is planned again, and their resolution (30 s on) is still planned.
        await host.RestartAsync(Ct);
        using var again = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(again)).Count == 8,
            "the two resolved mails and two PagerDuty resolves, after the restart", Ct, TimeSpan.FromSeconds(60));
        Assert.All(await ServeTestHost.NotificationsAsync(again), n => Assert.Equal("pending", n.GetProperty("state").GetString()));
        Assert.True(down.Elapsed < Outage, $"the resolutions came {down.Elapsed.TotalSeconds:0} s into the outage; the test needs them during it");

        // Back after a minute.
        await Task.Delay(Outage - down.Elapsed, Ct);
        await ServiceScript.RunAsync("smtp.sh", ["resume", smtp["SMTP_WORK"]], Ct);
        await pagerDuty.ResumeAsync(Ct);
        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(again)).All(n => n.GetProperty("state").GetString() == "delivered"),
            "every notification delivered once the receivers are back", Ct, TimeSpan.FromSeconds(150));

        // PagerDuty: one trigger and one resolve per incident, the trigger first; nothing the real API would refuse.
        Assert.Empty(pagerDuty.Violations);
        var events = pagerDuty.Accepted.Select(e => (Key: e.GetProperty("dedup_key").GetString()!, Action: e.GetProperty("event_action").GetString()!)).ToList();
        Assert.Equal(4, events.Count);
        foreach (var key in new[] { "allocation-failure|subnet=10.78.0.0/24", "address-conflict|subnet=10.77.0.0/22" })
        {
            Assert.Equal(["trigger", "resolve"], events.Where(e => e.Key == key).Select(e => e.Action));
        }

        // Mail: a firing and a resolved digest per group, each once (the Message-Id is the outbox id).
        var mails = AlertReceivers.Mails(Path.Combine(smtp["SMTP_MAILDIR"], "new"));
        Assert.Equal(
            ["[pguide] FIRING 1: alertname=address-conflict", "[pguide] FIRING 1: alertname=allocation-failure",
                "[pguide] RESOLVED 1: alertname=address-conflict", "[pguide] RESOLVED 1: alertname=allocation-failure"],
            mails.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(4, mails.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(await ServeTestHost.NotificationsAsync(again), n => n.GetProperty("attempts").GetInt32() > 3);
    }
}
