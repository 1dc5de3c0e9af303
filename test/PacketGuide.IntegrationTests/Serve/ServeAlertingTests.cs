using System.Net;
using System.Text;
using System.Text.Json;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Rules;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// Alerts from real Kea log lines to their receivers: a real Alertmanager (scripts/services/alertmanager.sh, routing to a
/// webhook sink) and a webhook receiver of the test's own (the generic webhook channel posts to whatever URL it is given;
/// this one checks the HMAC signature and can be told to fail). Firing, resolution, retries through an outage, a refusal,
/// and a restart while notifications are pending.
/// </summary>
public sealed class ServeAlertingTests : IAsyncLifetime
{
    private const string SecretVariable = "PGUIDE_TEST_HOOK_SECRET_UNUSED";
    private readonly AsyncCleanup _cleanup = new();
    private const string HookSecret = "s3cret-hook-key";
    private WebhookReceiver _receiver = null!;
    private TestWorkDirectory _work = null!;
    private string _secretFile = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("serve-alerts"));
        _secretFile = _work.File("hook-secret");
        await File.WriteAllTextAsync(_secretFile, HookSecret, Ct);
        _receiver = await WebhookReceiver.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _cleanup.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<ServeTestHost> StartAsync(IReadOnlyList<AlertChannel> channels, TimeSpan allocationWindow)
    {
        var host = await ServeTestHost.StartAsync(_work, o => o with
        {
            Alerting = new AlertingConfig
            {
                EvaluateEvery = TimeSpan.FromSeconds(1),
                Rules =
                [
                    AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "allocation-failure") with { Window = allocationWindow },
                    AlertRuleDefaults.For(AlertRuleKind.Decline, "address-conflict") with { Window = allocationWindow },
                ],
                Channels = channels,
            },
        }, Ct);
        return _cleanup.Add("stop the service", host);
    }

    private AlertChannel Hook(params AlertSeverity[] severities) => new()
    {
        Name = "hook", Type = AlertChannelType.Webhook, Url = new Uri(_receiver.HookUrl), Secret = $"file:{_secretFile}", Severities = severities.ToHashSet(),
    };

    private static string Sign(string body) => WebhookReceiver.Signature(HookSecret, body);

    [Fact]
    public async Task Alerts_from_kea_log_lines_reach_alertmanager_and_a_signed_webhook_then_resolve()
    {
        Prerequisites.RequirePrograms("prometheus-alertmanager", "curl");
        var amWork = _cleanup.Add("delete Alertmanager work directory", TestWorkDirectory.Create("am"));
        await ServiceScript.RunAsync("alertmanager.sh", ["start", amWork.Path], Ct);
        _cleanup.Add("stop Alertmanager", async () => await ServiceScript.RunAsync("alertmanager.sh", ["stop", amWork.Path], CancellationToken.None));
        var am = await EnvFile.ReadAsync(amWork.File("alertmanager.env"), Ct);
        var host = await StartAsync(
            [new AlertChannel { Name = "am", Type = AlertChannelType.Alertmanager, Url = new Uri(am["AM_URL"]) }, Hook(AlertSeverity.Critical)],
            allocationWindow: TimeSpan.FromSeconds(20));
        using var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));

        await host.AppendKeaSampleAsync(Ct);

        // Alertmanager routes what pguide posted to its webhook receiver: the allocation failure, with pguide's labels.
        var hooks = am["AM_HOOKS"];
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(File.Exists(hooks) && File.ReadAllLines(hooks).Any(l => l.Contains("allocation-failure", StringComparison.Ordinal))),
            "Alertmanager's webhook to get the allocation failure", Ct);
        var routed = JsonDocument.Parse(File.ReadAllLines(hooks).First(l => l.Contains("allocation-failure", StringComparison.Ordinal))).RootElement;
        var alert = routed.GetProperty("alerts")[0];
        Assert.Equal(("firing", "critical", "10.78.0.0/24"), (alert.GetProperty("status").GetString(), alert.GetProperty("labels").GetProperty("severity").GetString(),
            alert.GetProperty("labels").GetProperty("subnet").GetString()));
        Assert.StartsWith("Subnet 10.78.0.0/24: 2 client(s) got no address", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The webhook channel takes only critical alerts, signed with the channel's secret.
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(!_receiver.Received.IsEmpty), "the webhook to get the critical alert", Ct);
        var (body, signature, delivery) = _receiver.Received.First();
        Assert.Equal(Sign(body), signature);
        Assert.False(string.IsNullOrEmpty(delivery));
        var payload = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("4", "firing", "alertname=allocation-failure"), (payload.GetProperty("version").GetString(), payload.GetProperty("status").GetString(), payload.GetProperty("groupKey").GetString()));
        Assert.DoesNotContain(_receiver.Received, r => r.Body.Contains("address-conflict", StringComparison.Ordinal));

        // 20 s later the window holds no failure: resolved, at Alertmanager (send_resolved) and at the webhook.
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetString() == "resolved")),
            "the resolution at the webhook", Ct, TimeSpan.FromSeconds(60));
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(File.ReadAllLines(hooks).Any(l => l.Contains("allocation-failure", StringComparison.Ordinal) && l.Contains("\"resolved\"", StringComparison.Ordinal))),
            "the resolution through Alertmanager", Ct, TimeSpan.FromSeconds(60));

        var outbox = JsonDocument.Parse(await client.GetStringAsync("/api/v1/alerts/notifications?limit=100", Ct)).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.All(outbox, n => Assert.Equal("delivered", n.GetProperty("state").GetString()));
        Assert.Contains(outbox, n => n.GetProperty("channel").GetString() == "am" && n.GetProperty("reason").GetString() == "resolved");
        Assert.DoesNotContain("s3cret-hook-key", string.Join("", outbox.Select(n => n.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_every_notification_once_it_is_back_and_a_restart_in_between_loses_nothing()
    {
        Prerequisites.RequirePrograms("curl");
        for (var i = 0; i < 3; i++)
        {
            _receiver.Answers.Enqueue(503);
        }

        var host = await StartAsync([Hook()], allocationWindow: TimeSpan.FromMinutes(5));
        using var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await host.AppendKeaSampleAsync(Ct);

        // Two notifications (allocation failure, address conflict) planned; the receiver answers 503 three times.
        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(client)).Any(n => n.GetProperty("attempts").GetInt32() >= 1), "a first refused attempt", Ct);
        await host.RestartAsync(Ct);
        using var again = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(again)).All(n => n.GetProperty("state").GetString() == "delivered")
            && (await ServeTestHost.NotificationsAsync(again)).Count >= 2, "every notification delivered after the outage and the restart", Ct, TimeSpan.FromSeconds(60));

        var all = await ServeTestHost.NotificationsAsync(again);
        Assert.Contains(all, n => n.GetProperty("attempts").GetInt32() > 1);
        // Exactly once per notification: the receiver saw each delivery id one time.
        Assert.Equal(all.Count, _receiver.Received.Count);
        Assert.Equal(_receiver.Received.Count, _receiver.Received.Select(r => r.Delivery).Distinct().Count());
        Assert.All(_receiver.Received, r => Assert.Equal(Sign(r.Body), r.Signature));
    }

    [Fact]
    public async Task A_receiver_that_refuses_a_notification_for_good_fails_it_with_its_words()
    {
        Prerequisites.RequirePrograms("curl");
        _receiver.Answers.Enqueue(400);
        _receiver.Answers.Enqueue(400);
        var host = await StartAsync([Hook()], allocationWindow: TimeSpan.FromMinutes(5));
        using var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await host.AppendKeaSampleAsync(Ct);

        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(client)).Count(n => n.GetProperty("state").GetString() == "failed") == 2, "two failed notifications", Ct);
        var failed = (await ServeTestHost.NotificationsAsync(client)).First();
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("400", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("told to fail", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagerDuty_gets_a_trigger_per_alert_with_a_stable_dedup_key_and_the_resolve_after_retries()
    {
        Prerequisites.RequirePrograms("curl");
        await using var pagerDuty = await PagerDutyStandIn.StartAsync(Ct);
        pagerDuty.Failures.Enqueue(429);
        pagerDuty.Failures.Enqueue(500);
        var keyFile = _work.File("pd-routing-key");
        await File.WriteAllTextAsync(keyFile, AlertReceivers.RoutingKey, Ct);
        var host = await StartAsync([new AlertChannel { Name = "pager", Type = AlertChannelType.PagerDuty, Url = new Uri(pagerDuty.Url), Secret = $"file:{keyFile}" }],
            allocationWindow: TimeSpan.FromSeconds(20));
        using var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await host.AppendKeaSampleAsync(Ct);

        await ServeTestHost.EventuallyAsync(() => Task.FromResult(pagerDuty.Incidents.Count == 2), "two incidents (allocation failure, address conflict)", Ct);
        Assert.Equal("critical", pagerDuty.Incidents["allocation-failure|subnet=10.78.0.0/24"].Severity);
        Assert.Equal("warning", pagerDuty.Incidents["address-conflict|subnet=10.77.0.0/22"].Severity);
        var trigger = pagerDuty.Accepted.First(e => e.GetProperty("event_action").GetString() == "trigger");
        Assert.Equal(AlertReceivers.RoutingKey, trigger.GetProperty("routing_key").GetString());
        Assert.Equal("PacketGuide", trigger.GetProperty("client").GetString());
        Assert.True(trigger.GetProperty("payload").GetProperty("custom_details").TryGetProperty("subnet", out _));

        await ServeTestHost.EventuallyAsync(() => Task.FromResult(pagerDuty.Incidents.Values.All(i => i.Resolved)), "both incidents resolved", Ct, TimeSpan.FromSeconds(60));
        Assert.Empty(pagerDuty.Violations);
        var outbox = JsonDocument.Parse(await client.GetStringAsync("/api/v1/alerts/notifications?limit=100", Ct)).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(outbox, n => n.GetProperty("attempts").GetInt32() >= 2); // the 429 and the 500 were retried
        Assert.All(outbox, n => Assert.Equal("delivered", n.GetProperty("state").GetString()));
        Assert.DoesNotContain("R0UT1NGKEY", string.Join("", outbox.Select(n => n.ToString())), StringComparison.Ordinal); // the key is never stored
    }

    [Fact]
    public async Task Email_digests_go_out_over_starttls_one_per_group_with_text_and_html_and_a_resolved_notice()
    {
        Prerequisites.RequirePrograms("openssl");
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct, "--starttls");
        var host = await StartAsync([AlertReceivers.Email(smtp, SmtpSecurity.StartTls) with { CaFile = smtp["SMTP_CERT"] }], allocationWindow: TimeSpan.FromSeconds(20));
        await host.AppendKeaSampleAsync(Ct);

        var mails = Path.Combine(smtp["SMTP_MAILDIR"], "new");
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(AlertReceivers.Mails(mails).Count >= 2), "a mail per alert group", Ct);
        var firing = AlertReceivers.Mails(mails).Single(m => m.Subject?.Contains("allocation-failure", StringComparison.Ordinal) == true);
        Assert.Equal("[pguide] FIRING 1: alertname=allocation-failure", firing.Subject);
        Assert.Equal(["noc@example.test", "ops@example.test"], firing.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal));
        Assert.Equal("pguide@example.test", firing.From.Mailboxes.Single().Address);
        Assert.Equal("alertname=allocation-failure", firing.Headers["X-Pguide-Group"]);
        Assert.Contains("Subnet 10.78.0.0/24: 2 client(s) got no address", firing.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>Subnet 10.78.0.0/24: 2 client(s) got no address", firing.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("noc@example.test,ops@example.test", string.Join(",", firing.Headers["X-RcptTo"]!.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)));

        await ServeTestHost.EventuallyAsync(() => Task.FromResult(AlertReceivers.Mails(mails).Any(m => m.Subject?.StartsWith("[pguide] RESOLVED 1: alertname=allocation-failure", StringComparison.Ordinal) == true)),
            "the resolved notice", Ct, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Email_never_falls_back_to_clear_text_when_starttls_is_missing()
    {
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct);
        var host = await StartAsync([AlertReceivers.Email(smtp, SmtpSecurity.StartTls)], allocationWindow: TimeSpan.FromMinutes(5));
        using var client = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        await host.AppendKeaSampleAsync(Ct);

        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(client)).Any(n => n.GetProperty("attempts").GetInt32() >= 1), "a refused attempt", Ct);
        var pending = (await ServeTestHost.NotificationsAsync(client)).First(n => n.GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal("pending", pending.GetProperty("state").GetString()); // retried until the server offers STARTTLS or the channel expires
        Assert.Contains("STARTTLS", pending.GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(AlertReceivers.Mails(Path.Combine(smtp["SMTP_MAILDIR"], "new")));
    }

    [Fact]
    public async Task A_silence_keeps_matching_alerts_from_every_channel_and_is_audited()
    {
        Prerequisites.RequirePrograms("curl");
        var host = await StartAsync([Hook()], allocationWindow: TimeSpan.FromMinutes(5));
        using var writer = host.Client(await host.CreateKeyAsync(ApiScope.Write, Ct));
        using var admin = host.Client(await host.CreateKeyAsync(ApiScope.Admin, Ct));

        using var bad = await writer.PostAsync("/api/v1/alerts/silences", JsonContent(new { matchers = new[] { "subnet", "zone=~(" }, duration = "forever" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(problem.TryGetProperty("matchers", out _) && problem.TryGetProperty("duration", out _) && problem.TryGetProperty("comment", out _), problem.ToString());
        Assert.Equal(2, problem.GetProperty("matchers").GetArrayLength()); // every bad matcher named, not only the last

        using var created = await writer.PostAsync("/api/v1/alerts/silences",
            JsonContent(new { matchers = new[] { "alertname=allocation-failure", "subnet=~10\\.78\\..*" }, duration = "1h", comment = "CHG-1234 pool resize" }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silence = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(silence.GetProperty("active").GetBoolean());
        Assert.Contains("(test-Write)", silence.GetProperty("author").GetString(), StringComparison.Ordinal);

        await host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Body.Contains("address-conflict", StringComparison.Ordinal))), "the unsilenced alert", Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // three more evaluations: the silenced one would have gone out by now
        Assert.DoesNotContain(_receiver.Received, r => r.Body.Contains("allocation-failure", StringComparison.Ordinal));
        var alerts = JsonDocument.Parse(await writer.GetStringAsync("/api/v1/alerts", Ct)).RootElement;
        Assert.Contains(alerts.GetProperty("active").EnumerateArray(), a => a.GetProperty("rule").GetString() == "allocation-failure" && a.GetProperty("state").GetString() == "firing");

        // Ending the silence lets the firing alert out.
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/api/v1/alerts/silences/{silence.GetProperty("id").GetString()}", Ct)).StatusCode);
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Body.Contains("allocation-failure", StringComparison.Ordinal))), "the alert after the silence", Ct);
        Assert.Empty(JsonDocument.Parse(await writer.GetStringAsync("/api/v1/alerts/silences", Ct)).RootElement.EnumerateArray());
        Assert.Single(JsonDocument.Parse(await writer.GetStringAsync("/api/v1/alerts/silences?all=true", Ct)).RootElement.EnumerateArray());
        var audit = await admin.GetStringAsync("/api/v1/audit", Ct);
        Assert.Contains("alert.silence.expire", audit, StringComparison.Ordinal);
        Assert.Contains("CHG-1234", audit, StringComparison.Ordinal);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_channel_secret_that_cannot_be_read_stops_the_start()
    {
        var channel = Hook() with { Secret = "env:" + SecretVariable };
        var error = await Assert.ThrowsAsync<PacketGuide.Server.Configuration.ServeConfigException>(() => StartAsync([channel], TimeSpan.FromMinutes(5)));
        Assert.Contains("alerting.channels.hook.secret", error.Message, StringComparison.Ordinal);
    }

}
