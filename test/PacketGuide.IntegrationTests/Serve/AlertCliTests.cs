using System.Text.Json;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Rules;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The real <c>pguide alert list|silence|test</c> processes: list and silences against a real <c>pguide serve</c> (in
/// process, alerts from the bundled Kea log), test against PagerDuty's stand-in, a real SMTP server (aiosmtpd,
/// scripts/services/smtp.sh) and webhook receivers of the test's own that check the signature or refuse. Everything
/// listens on 127.0.0.1.
/// </summary>
public sealed class AlertCliTests : IAsyncLifetime
{
    private const string KeyVariable = "PGUIDE_TEST_CLI_KEY";
    private const string HookSecret = "s3cret-hook-key";
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly AsyncCleanup _cleanup = new();
    private WebhookReceiver _receiver = null!;
    private TestWorkDirectory _work = null!;
    private string _secretFile = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("alert-cli"));
        _secretFile = _work.File("hook-secret");
        await File.WriteAllTextAsync(_secretFile, HookSecret + "\n", Ct);
        _receiver = await WebhookReceiver.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _cleanup.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    /// <summary>pguide with a clean environment: no $PGUIDE_URL or $PGUIDE_API_KEY from whoever runs the tests; the key, if any, in <see cref="KeyVariable"/>.</summary>
    private static Task<ProcessResult> Pguide(string[] arguments, string? key = null) =>
        ProcessRunner.RunAsync("dotnet", [s_pguide, .. arguments], TimeSpan.FromSeconds(60), Ct,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["PGUIDE_URL"] = "", ["PGUIDE_API_KEY"] = "", [KeyVariable] = key ?? "" });

    private static Task<ProcessResult> Against(ServeTestHost host, string? key, params string[] arguments) =>
        Pguide([.. arguments, "--url", host.BaseAddress.ToString(), .. key is null ? Array.Empty<string>() : ["--api-key", "env:" + KeyVariable]], key);

    private async Task<ServeTestHost> StartAsync()
    {
        var host = await ServeTestHost.StartAsync(_work, o => o with
        {
            Alerting = new AlertingConfig
            {
                EvaluateEvery = TimeSpan.FromSeconds(1),
                Rules =
                [
                    AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "allocation-failure") with { Window = TimeSpan.FromMinutes(5) },
                    AlertRuleDefaults.For(AlertRuleKind.Decline, "address-conflict") with { Window = TimeSpan.FromMinutes(5) },
                ],
                Channels = [new AlertChannel { Name = "hook", Type = AlertChannelType.Webhook, Url = new Uri(_receiver.HookUrl), Secret = $"file:{_secretFile}" }],
            },
        }, Ct);
        return _cleanup.Add("stop the service", host);
    }

    private async Task<string> ConfigAsync(string channels)
    {
        var path = _work.File($"pguide-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "alerting:\n  channels:\n" + channels, Ct);
        return path;
    }

    [Fact]
    public async Task Alert_list_shows_the_firing_alerts_and_each_notifications_delivery_state()
    {
        _receiver.Answers.Enqueue(400); // the first notification is refused for good, the second delivered
        var host = await StartAsync();
        var key = await host.CreateKeyAsync(ApiScope.Read, Ct);
        using var api = host.Client(key);

        var quiet = await Against(host, key, "alert", "list");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Contains("No alerts pending or firing", quiet.StandardOutput, StringComparison.Ordinal);

        await host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(async () => (await ServeTestHost.NotificationsAsync(api)).Select(n => n.GetProperty("state").GetString()).Order(StringComparer.Ordinal)
            .SequenceEqual(["delivered", "failed"]), "one failed and one delivered notification", Ct);

        var list = await Against(host, key, "alert", "list");
        Assert.Equal(1, list.ExitCode);
        Assert.Contains("allocation-failure", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("subnet=10.78.0.0/24", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 firing, 0 pending; 2 rule(s), last evaluated", list.StandardOutput, StringComparison.Ordinal);

        var withOutbox = await Against(host, key, "alert", "list", "--notifications");
        Assert.Equal(1, withOutbox.ExitCode);
        Assert.Contains("failed", withOutbox.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("delivered", withOutbox.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("told to fail", withOutbox.StandardOutput, StringComparison.Ordinal);

        var json = await Against(host, key, "alert", "list", "--json", "--state", "failed");
        Assert.Equal(1, json.ExitCode);
        var document = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.Contains(document.GetProperty("active").EnumerateArray(), a => a.GetProperty("rule").GetString() == "allocation-failure" && a.GetProperty("state").GetString() == "firing");
        var failed = Assert.Single(document.GetProperty("outbox").GetProperty("items").EnumerateArray());
        Assert.Equal(("failed", 1, "hook"), (failed.GetProperty("state").GetString(), failed.GetProperty("attempts").GetInt32(), failed.GetProperty("channel").GetString()));
        Assert.StartsWith("400 Bad Request", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var anonymous = await Against(host, null, "alert", "list");
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains($"GET {host.BaseAddress}api/v1/alerts: 401, a key is needed", anonymous.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silences_round_trip_through_the_cli_with_the_author_recorded()
    {
        var host = await StartAsync();
        var writer = await host.CreateKeyAsync(ApiScope.Write, Ct);
        var reader = await host.CreateKeyAsync(ApiScope.Read, Ct);
        using var admin = host.Client(await host.CreateKeyAsync(ApiScope.Admin, Ct));

        var bad = await Against(host, writer, "alert", "silence", "add", "subnet", "--duration", "forever", "--comment", "CHG-0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("400, the service refused it:\n  matchers: 'subnet' is not a matcher", bad.StandardError, StringComparison.Ordinal);
        Assert.Contains("\n  duration: 'forever' is not a duration from 1m to 30d", bad.StandardError, StringComparison.Ordinal);

        var weak = await Against(host, reader, "alert", "silence", "add", "alertname=allocation-failure", "--duration", "1h", "--comment", "CHG-0");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("403, this key may not do that; it needs the write scope", weak.StandardError, StringComparison.Ordinal);

        var add = await Against(host, writer, "alert", "silence", "add", "alertname=allocation-failure", "subnet=~10\\.78\\..*", "--duration", "1h", "--comment", "CHG-1234 pool resize");
        add.EnsureExitCode();
        var id = add.StandardOutput.Trim();
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Contains("(test-Write)", add.StandardError, StringComparison.Ordinal);

        var listed = Assert.Single(JsonDocument.Parse((await Against(host, reader, "alert", "silence", "list", "--json")).EnsureExitCode().StandardOutput).RootElement.EnumerateArray());
        Assert.Equal((id, true, "CHG-1234 pool resize"), (listed.GetProperty("id").GetString(), listed.GetProperty("active").GetBoolean(), listed.GetProperty("comment").GetString()));
        Assert.Equal(["alertname=allocation-failure", "subnet=~10\\.78\\..*"], listed.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()));
        Assert.EndsWith("(test-Write)", listed.GetProperty("author").GetString(), StringComparison.Ordinal);

        // The silenced alert fires and is listed as silenced, but is not notified; the other one is.
        await host.AppendKeaSampleAsync(Ct);
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Body.Contains("address-conflict", StringComparison.Ordinal))), "the unsilenced alert", Ct);
        var alerts = await Against(host, reader, "alert", "list");
        Assert.Equal(1, alerts.ExitCode);
        Assert.Contains($"allocation-failure subnet=10.78.0.0/24: silenced by {id} until", alerts.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Received, r => r.Body.Contains("allocation-failure", StringComparison.Ordinal));

        (await Against(host, writer, "alert", "silence", "expire", id)).EnsureExitCode();
        Assert.Equal("[]", (await Against(host, reader, "alert", "silence", "list", "--json")).EnsureExitCode().StandardOutput.Trim());
        var ended = Assert.Single(JsonDocument.Parse((await Against(host, reader, "alert", "silence", "list", "--all", "--json")).EnsureExitCode().StandardOutput).RootElement.EnumerateArray());
        Assert.False(ended.GetProperty("active").GetBoolean());
        var again = await Against(host, writer, "alert", "silence", "expire", id);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"No active silence {id}.", again.StandardError, StringComparison.Ordinal);
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Body.Contains("allocation-failure", StringComparison.Ordinal))), "the alert after the silence", Ct);

        var audit = await admin.GetStringAsync("/api/v1/audit", Ct);
        Assert.Contains("alert.silence.expire", audit, StringComparison.Ordinal);
        Assert.Contains("CHG-1234 pool resize", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_test_sends_pagerduty_a_trigger_and_its_resolve_within_its_contract()
    {
        await using var pagerDuty = await PagerDutyStandIn.StartAsync(Ct);
        var keyFile = _work.File("pd-routing-key");
        await File.WriteAllTextAsync(keyFile, "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32\n", Ct);
        var config = await ConfigAsync($"    pager: {{type: pagerduty, url: {pagerDuty.Url}, routing-key: file:{keyFile}, severities: [critical]}}\n");

        var test = (await Pguide(["alert", "test", "pager", "--config", config])).EnsureExitCode();

        Assert.Contains("trigger delivered.", test.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("resolve delivered.", test.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(pagerDuty.Violations);
        var (dedupKey, incident) = Assert.Single(pagerDuty.Incidents);
        Assert.Equal(("critical", true, 1), incident); // the channel takes only critical alerts; resolved, so nothing stays open
        Assert.StartsWith("pguide-test|host=", dedupKey, StringComparison.Ordinal);
        var trigger = pagerDuty.Accepted.First();
        Assert.Equal("R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32", trigger.GetProperty("routing_key").GetString());
        Assert.StartsWith("Test notification from pguide on ", trigger.GetProperty("payload").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("R0UT1NGKEY", test.StandardOutput + test.StandardError, StringComparison.Ordinal);

        var kept = JsonDocument.Parse((await Pguide(["alert", "test", "pager", "--config", config, "--keep-open", "--json"])).EnsureExitCode().StandardOutput).RootElement;
        Assert.True(kept.GetProperty("delivered").GetBoolean());
        Assert.Equal(1, kept.GetProperty("sends").GetArrayLength());
        Assert.False(pagerDuty.Incidents[kept.GetProperty("key").GetString()!].Resolved);
        Assert.Empty(pagerDuty.Violations);

        pagerDuty.Failures.Enqueue(503);
        var busy = await Pguide(["alert", "test", "pager", "--config", config]);
        Assert.Equal(1, busy.ExitCode);
        Assert.Contains("trigger not delivered, would retry: 503", busy.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, pagerDuty.Incidents.Count); // no resolve is sent for a trigger that did not arrive
    }

    [Fact]
    public async Task Alert_test_mails_a_digest_through_a_real_smtp_server_over_starttls()
    {
        var smtp = await SmtpAsync("--starttls");
        var config = await ConfigAsync(
            $"    mail: {{type: email, smtp: 127.0.0.1:{smtp["SMTP_PORT"]}, tls: starttls, ca-file: {smtp["SMTP_CERT"]}, from: pguide@example.test, to: [ops@example.test]}}\n");

        (await Pguide(["alert", "test", "mail", "--config", config])).EnsureExitCode();
        var second = (await Pguide(["alert", "test", "mail", "--config", config])).EnsureExitCode();

        Assert.Contains("mail (email, smtp://127.0.0.1:", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("test notification delivered.", second.StandardOutput, StringComparison.Ordinal);
        var mails = Directory.GetFiles(Path.Combine(smtp["SMTP_MAILDIR"], "new")).Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal("[pguide] FIRING 1: alertname=pguide-test", m.Subject));
        Assert.All(mails, m => Assert.Contains("Test notification from pguide on ", m.TextBody, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Null(m.Headers["X-Pguide-Delivery"]));
        Assert.NotEqual(mails[0].MessageId, mails[1].MessageId); // two tests are two mails, not one mail's duplicate

        // A server without STARTTLS: nothing goes out in clear, and the test says so.
        var plain = await SmtpAsync();
        var clear = await Pguide(["alert", "test", "mail", "--config", await ConfigAsync(
            $"    mail: {{type: email, smtp: 127.0.0.1:{plain["SMTP_PORT"]}, tls: starttls, from: pguide@example.test, to: [ops@example.test]}}\n")]);
        Assert.Equal(1, clear.ExitCode);
        Assert.Contains("not delivered, would retry", clear.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", clear.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Path.Combine(plain["SMTP_MAILDIR"], "new")) && Directory.EnumerateFiles(Path.Combine(plain["SMTP_MAILDIR"], "new")).Any());
    }

    [Fact]
    public async Task Alert_test_signs_the_webhook_with_the_channels_secret()
    {
        var config = await ConfigAsync($"    hook: {{type: webhook, url: {_receiver.HookUrl}, secret: file:{_secretFile}}}\n");

        var test = (await Pguide(["alert", "test", "hook", "--config", config])).EnsureExitCode();

        Assert.Contains("test notification delivered.", test.StandardOutput, StringComparison.Ordinal);
        var (body, signature, delivery) = Assert.Single(_receiver.Received);
        Assert.Equal(WebhookReceiver.Signature(HookSecret, body), signature);
        Assert.Null(delivery);
        var payload = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("4", "firing", "hook"), (payload.GetProperty("version").GetString(), payload.GetProperty("status").GetString(), payload.GetProperty("receiver").GetString()));
        var alert = Assert.Single(payload.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("pguide-test", "info"), (alert.GetProperty("labels").GetProperty("alertname").GetString(), alert.GetProperty("labels").GetProperty("severity").GetString()));
        Assert.DoesNotContain(HookSecret, test.StandardOutput + test.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_test_reports_a_receivers_refusal_with_its_words()
    {
        var config = await ConfigAsync($"    chat: {{type: webhook, url: {_receiver.RefuseUrl}}}\n");

        var test = await Pguide(["alert", "test", "chat", "--config", config]);

        Assert.Equal(1, test.ExitCode);
        Assert.Contains("test notification not delivered, refused: 400 Bad Request: {\"error\":\"channel archived; use #noc-new\"}", test.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyDictionary<string, string>> SmtpAsync(params string[] options)
    {
        if (!File.Exists("/usr/lib/python3/dist-packages/aiosmtpd/__init__.py"))
        {
            Assert.Skip("not installed: python3-aiosmtpd (scripts/test.sh installs it)");
        }

        Prerequisites.RequirePrograms("openssl");
        var work = _cleanup.Add("delete SMTP work directory", TestWorkDirectory.Create("alert-cli-smtp"));
        await ServiceScript.RunAsync("smtp.sh", ["start", work.Path, .. options], Ct);
        _cleanup.Add("stop the SMTP server", async () => await ServiceScript.RunAsync("smtp.sh", ["stop", work.Path], CancellationToken.None));
        return await EnvFile.ReadAsync(work.File("smtp.env"), Ct);
    }
}
