using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PacketGuide.Cli.Tests;

/// <summary>
/// <c>pguide alert test CHANNEL</c>: which channel, its secret, its severities, and what the receiver answered (a stub
/// here; PagerDuty's stand-in, a real SMTP server and webhook receivers are in PacketGuide.IntegrationTests).
/// </summary>
public sealed class AlertTestCommandTests : IAsyncDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pguide-alert-test-").FullName;
    private readonly StubService _receiver = StubService.Start();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private async Task<string> ConfigAsync(string channels)
    {
        var path = Path.Combine(_work, "pguide.yaml");
        await File.WriteAllTextAsync(path, "alerting:\n  channels:\n" + channels, TestContext.Current.CancellationToken);
        return path;
    }

    private async Task<string> SecretFileAsync(string secret)
    {
        var path = Path.Combine(_work, "hook-secret");
        await File.WriteAllTextAsync(path, secret + "\n", TestContext.Current.CancellationToken);
        return path;
    }

    private static Task<(int Code, string Output, string Error)> Test(string config, params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["PGUIDE_TEST_PD_KEY"] = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32" }, ["alert", "test", .. args, "--config", config]);

    [Fact]
    public async Task An_unknown_channel_is_exit_2_listing_the_configured_ones()
    {
        var config = await ConfigAsync("    ops: {type: webhook, url: http://127.0.0.1:9/hook}\n    am: {type: alertmanager, url: http://127.0.0.1:9093}\n");

        var (code, _, error) = await Test(config, "pager");

        Assert.Equal(2, code);
        Assert.Contains($"no channel 'pager' in {config}; its channels: ops, am.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_channels_is_exit_2()
    {
        var path = Path.Combine(_work, "pguide.yaml");
        await File.WriteAllTextAsync(path, "serve: {}\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await Test(path, "ops");

        Assert.Equal(2, code);
        Assert.Contains("has no alerting.channels", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_is_exit_2()
    {
        var (code, _, error) = await Test(Path.Combine(_work, "absent.yaml"), "ops");

        Assert.Equal(2, code);
        Assert.Contains("absent.yaml: cannot read it", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    hook: {type: webhook, url: http://127.0.0.1:9/hook, secret: env:PGUIDE_TEST_UNSET}\n", "alerting.channels.hook.secret: env:PGUIDE_TEST_UNSET: the environment variable is not set")]
    [InlineData("    hook: {type: pagerduty, url: http://127.0.0.1:9/v2/enqueue, routing-key: file:/nonexistent/pd-key}\n", "alerting.channels.hook.routing-key: file:/nonexistent/pd-key: cannot read the file")]
    [InlineData("    hook: {type: email, smtp: 127.0.0.1:25, user: u, password: env:PGUIDE_TEST_UNSET, from: a@example.test, to: [b@example.test]}\n",
        "alerting.channels.hook.password: env:PGUIDE_TEST_UNSET")]
    public async Task A_secret_that_cannot_be_read_is_exit_2_naming_the_key_and_reference(string channels, string expected)
    {
        var (code, output, error) = await Test(await ConfigAsync(channels), "hook");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_secret_file_whose_content_is_empty_is_refused_without_sending()
    {
        var empty = Path.Combine(_work, "empty");
        await File.WriteAllTextAsync(empty, "\n", TestContext.Current.CancellationToken);
        var config = await ConfigAsync($"    hook: {{type: webhook, url: {_receiver.Url}hook, secret: file:{empty}}}\n");

        var (code, _, error) = await Test(config, "hook");

        Assert.Equal(2, code);
        Assert.Contains("the file's first line is empty", error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Another_channels_unreadable_secret_does_not_stop_the_test_of_this_one()
    {
        _receiver.Answers["POST /hook"] = (200, "");
        var config = await ConfigAsync($"    hook: {{type: webhook, url: {_receiver.Url}hook}}\n    other: {{type: webhook, url: http://127.0.0.1:9/, secret: env:PGUIDE_TEST_UNSET}}\n");

        var (code, output, _) = await Test(config, "hook");

        Assert.Equal(0, code);
        Assert.Contains($"hook (webhook, {_receiver.Url.TrimEnd('/')}): test notification delivered.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_gets_the_signed_test_alert_once()
    {
        _receiver.Answers["POST /hook"] = (200, "");
        var config = await ConfigAsync($"    hook: {{type: webhook, url: {_receiver.Url}hook, secret: file:{await SecretFileAsync("s3cret-hook-key")}}}\n");

        var (code, _, _) = await Test(config, "hook");

        Assert.Equal(0, code);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret-hook-key"u8, Encoding.UTF8.GetBytes(request.Body))), request.Headers["X-Pguide-Signature"]);
        Assert.False(request.Headers.ContainsKey("X-Pguide-Delivery")); // no outbox id: nothing for a receiver to deduplicate on
        var alert = JsonDocument.Parse(request.Body).RootElement.GetProperty("alerts")[0];
        Assert.Equal("pguide-test", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.StartsWith("Test notification from pguide on ", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_exit_1_with_the_receivers_words()
    {
        _receiver.Answers["POST /hook"] = (400, """{"error":"no such room"}""");
        var config = await ConfigAsync($"    hook: {{type: webhook, url: {_receiver.Url}hook}}\n");

        var (code, output, _) = await Test(config, "hook", "--json");

        Assert.Equal(1, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.False(result.GetProperty("delivered").GetBoolean());
        var send = result.GetProperty("sends")[0];
        Assert.Equal("refused", send.GetProperty("outcome").GetString());
        Assert.Contains("no such room", send.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_cannot_be_reached_is_exit_1_would_retry()
    {
        var config = await ConfigAsync($"    hook: {{type: webhook, url: http://127.0.0.1:{StubService.FreePort()}/hook/T0KEN-IN-PATH}}\n");

        var (code, output, _) = await Test(config, "hook");

        Assert.Equal(1, code);
        Assert.Contains("test notification not delivered, would retry: cannot reach", output, StringComparison.Ordinal);
        Assert.DoesNotContain("T0KEN-IN-PATH", output, StringComparison.Ordinal); // only scheme, host and port are shown
    }

    [Fact]
    public async Task PagerDuty_gets_a_trigger_then_its_resolve_unless_kept_open()
    {
        _receiver.Answers["POST /v2/enqueue"] = (202, """{"status":"success"}""");
        var config = await ConfigAsync($"    pager: {{type: pagerduty, url: {_receiver.Url}v2/enqueue, routing-key: env:PGUIDE_TEST_PD_KEY, severities: [critical]}}\n");

        var (code, output, _) = await Test(config, "pager");

        Assert.Equal(0, code);
        var events = _receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.Equal(events[0].GetProperty("dedup_key").GetString(), events[1].GetProperty("dedup_key").GetString());
        Assert.Equal("critical", events[0].GetProperty("payload").GetProperty("severity").GetString()); // the channel takes only critical
        Assert.Contains("no incident stays open", output, StringComparison.Ordinal);

        (code, output, _) = await Test(config, "pager", "--keep-open");

        Assert.Equal(0, code);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Contains("stays open; resolve it in PagerDuty", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_severity_the_channel_drops_is_exit_2()
    {
        var config = await ConfigAsync($"    pager: {{type: pagerduty, url: {_receiver.Url}v2/enqueue, routing-key: env:PGUIDE_TEST_PD_KEY, severities: [critical]}}\n");

        var (code, _, error) = await Test(config, "pager", "--severity", "info");

        Assert.Equal(2, code);
        Assert.Contains("channel 'pager' takes only critical alerts", error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task An_email_channels_ca_file_that_cannot_be_read_is_exit_2()
    {
        var config = await ConfigAsync("    mail: {type: email, smtp: 127.0.0.1:25, ca-file: /nonexistent/ca.pem, from: a@example.test, to: [b@example.test]}\n");

        var (code, _, error) = await Test(config, "mail");

        Assert.Equal(2, code);
        Assert.Contains("alerting.channels.mail.ca-file: /nonexistent/ca.pem: cannot read a certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_teaches_the_pagerduty_choice_and_exit_codes()
    {
        var (code, output, _) = await CliRunner.RunAsync("alert", "test", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--keep-open", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 delivered", output, StringComparison.Ordinal);
    }
}
