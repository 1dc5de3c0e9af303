using System.Text.Json;

namespace PacketGuide.Cli.Tests;

/// <summary>
/// <c>pguide alert list</c>: options, keys and the service's bad days, against a stub of pguide serve's answers (the real
/// service is in PacketGuide.IntegrationTests, Serve/AlertCliTests).
/// </summary>
public sealed class AlertListCommandTests : IAsyncDisposable
{
    private const string Firing = """
        {"evaluatedAt":"2026-11-27T08:59:50+00:00","rules":11,"active":[
          {"key":"allocation-failure|subnet=10.78.0.0/24","rule":"allocation-failure","severity":"critical","state":"firing",
           "labels":{"alertname":"allocation-failure","severity":"critical","subnet":"10.78.0.0/24"},
           "summary":"Subnet 10.78.0.0/24: 2 client(s) got no address in 5m","value":2,"activeSince":"2026-11-27T08:57:00+00:00","firedAt":"2026-11-27T08:57:00+00:00"},
          {"key":"pool|subnet=10.77.0.0/22","rule":"pool-utilization-warning","severity":"warning","state":"pending",
           "labels":{"alertname":"pool-utilization-warning","severity":"warning","subnet":"10.77.0.0/22"},
           "summary":"Subnet 10.77.0.0/22 is 81% full","value":0.81,"activeSince":"2026-11-27T08:59:00+00:00"}],
         "notifications":[]}
        """;

    private const string PendingOnly = """
        {"evaluatedAt":"2026-11-27T08:59:50+00:00","rules":11,"active":[
          {"key":"pool|subnet=10.77.0.0/22","rule":"pool-utilization-warning","severity":"warning","state":"pending",
           "labels":{"alertname":"pool-utilization-warning","severity":"warning","subnet":"10.77.0.0/22"},
           "summary":"Subnet 10.77.0.0/22 is 81% full","value":0.81,"activeSince":"2026-11-27T08:59:00+00:00"}],"notifications":[]}
        """;

    private const string Outbox = """
        {"items":[
          {"id":7,"channel":"hook","dedupKey":"alertname=allocation-failure","reason":"firing","body":"{}","state":"failed","attempts":1,
           "created":"2026-11-27T08:57:01+00:00","nextAttempt":"2026-11-27T08:57:01+00:00","expires":"2026-11-28T08:57:01+00:00","lastError":"400 Bad Request: no such room"},
          {"id":6,"channel":"pager","dedupKey":"allocation-failure|subnet=10.78.0.0/24","reason":"firing","body":"{}","state":"delivered","attempts":2,
           "created":"2026-11-27T08:57:01+00:00","nextAttempt":"2026-11-27T08:57:03+00:00","expires":"2026-11-28T08:57:01+00:00","delivered":"2026-11-27T08:57:03+00:00"}],
         "next":"6"}
        """;

    private readonly StubService _service = StubService.Start();

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private Task<(int Code, string Output, string Error)> List(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["PGUIDE_TEST_KEY"] = "pgk_test" }, ["alert", "list", "--url", _service.Url, "--api-key", "env:PGUIDE_TEST_KEY", .. args]);

    private void Answer(string alerts, string silences = "[]")
    {
        _service.Answers["GET /api/v1/alerts"] = (200, alerts);
        _service.Answers["GET /api/v1/alerts/silences"] = (200, silences);
        _service.Answers["GET /api/v1/alerts/notifications"] = (200, Outbox);
    }

    [Fact]
    public async Task A_firing_alert_is_exit_1_and_shown_with_its_labels_and_age()
    {
        Answer(Firing);

        var (code, output, _) = await List();

        Assert.Equal(1, code);
        Assert.Contains("allocation-failure", output, StringComparison.Ordinal);
        Assert.Contains("subnet=10.78.0.0/24", output, StringComparison.Ordinal);
        Assert.Contains("3m ago", output, StringComparison.Ordinal);
        Assert.Contains("1 firing, 1 pending; 11 rule(s), last evaluated 2026-11-27 08:59:50Z (10s ago).", output, StringComparison.Ordinal);
        Assert.Equal("Bearer pgk_test", _service.Requests.First().Authorization);
    }

    [Fact]
    public async Task Pending_alerts_alone_are_exit_0()
    {
        Answer(PendingOnly);

        var (code, output, _) = await List();

        Assert.Equal(0, code);
        Assert.Contains("0 firing, 1 pending", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_a_silence_mutes_is_marked_with_the_silence()
    {
        Answer(Firing, """[{"id":"5ca1ab1e00000001","matchers":["alertname=allocation-failure","subnet=~10\\.78\\..*"],"starts":"2026-11-27T08:00:00+00:00","ends":"2026-11-27T10:00:00+00:00","author":"key:1 (ops)","comment":"CHG-1","active":true}]""");

        var (code, output, _) = await List();

        Assert.Equal(1, code); // silenced alerts still fire
        Assert.Contains("allocation-failure subnet=10.78.0.0/24: silenced by 5ca1ab1e00000001 until 2026-11-27 10:00Z (CHG-1)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("pool-utilization-warning subnet=10.77.0.0/22: silenced", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_show_each_deliverys_state_attempts_and_last_error()
    {
        Answer(Firing);

        var (_, output, _) = await List("--notifications", "--limit", "2");

        Assert.Contains("no such room", output, StringComparison.Ordinal);
        Assert.Contains("delivered", output, StringComparison.Ordinal);
        Assert.Contains("2 notification(s), newest first; more with a larger --limit.", output, StringComparison.Ordinal);
        Assert.Equal("?limit=2", _service.Requests.Single(r => r.Key == "GET /api/v1/alerts/notifications").Query);
    }

    [Fact]
    public async Task Json_is_the_api_document_with_the_outbox_when_asked_and_state_implies_notifications()
    {
        Answer(Firing);

        var (code, output, _) = await List("--json", "--state", "failed");

        Assert.Equal(1, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(11, root.GetProperty("rules").GetInt32());
        Assert.Equal("allocation-failure", root.GetProperty("active")[0].GetProperty("rule").GetString());
        Assert.Equal("failed", root.GetProperty("outbox").GetProperty("items")[0].GetProperty("state").GetString());
        Assert.Equal("?limit=50&state=failed", _service.Requests.Single(r => r.Key == "GET /api/v1/alerts/notifications").Query);
    }

    [Fact]
    public async Task Json_without_notifications_has_no_outbox()
    {
        Answer(PendingOnly);

        var (code, output, _) = await List("--json");

        Assert.Equal(0, code);
        Assert.False(JsonDocument.Parse(output).RootElement.TryGetProperty("outbox", out _));
        Assert.DoesNotContain(_service.Requests, r => r.Key == "GET /api/v1/alerts/notifications");
    }

    [Fact]
    public async Task A_literal_key_is_refused_without_being_repeated_and_nothing_is_sent()
    {
        var (code, _, error) = await CliRunner.RunAsync("alert", "list", "--url", _service.Url, "--api-key", "pgk_0123456789ab_TOPSECRET");

        Assert.Equal(2, code);
        Assert.Contains("--api-key takes env:NAME or file:/path, not the key itself", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", error, StringComparison.Ordinal);
        Assert.Empty(_service.Requests);
    }

    [Theory]
    [InlineData("env:PGUIDE_TEST_UNSET", "env:PGUIDE_TEST_UNSET: the environment variable is not set or empty.")]
    [InlineData("file:/nonexistent/pguide-key", "file:/nonexistent/pguide-key: cannot read the file")]
    public async Task A_key_reference_that_cannot_be_read_is_exit_2_naming_it(string reference, string expected)
    {
        var (code, _, error) = await CliRunner.RunAsync("alert", "list", "--url", _service.Url, "--api-key", reference);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_url_and_the_key_default_to_pguide_url_and_pguide_api_key()
    {
        Answer(PendingOnly);

        var (code, _, _) = await CliRunner.RunAsync(new Dictionary<string, string> { ["PGUIDE_URL"] = _service.Url, ["PGUIDE_API_KEY"] = "pgk_from_env" }, "alert", "list");

        Assert.Equal(0, code);
        Assert.Equal("Bearer pgk_from_env", _service.Requests.First().Authorization);
    }

    [Theory]
    [InlineData("--url", "ftp://example.net/", "--url 'ftp://example.net/' is not an http:// or https:// URL")]
    [InlineData("PGUIDE_URL", "pguide.example.net", "$PGUIDE_URL 'pguide.example.net' is not an http:// or https:// URL")]
    public async Task A_url_that_is_not_http_is_exit_2(string where, string url, string expected)
    {
        var (code, _, error) = where == "--url"
            ? await CliRunner.RunAsync("alert", "list", "--url", url)
            : await CliRunner.RunAsync(new Dictionary<string, string> { ["PGUIDE_URL"] = url }, "alert", "list");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_is_exit_3_naming_the_url()
    {
        var url = $"http://127.0.0.1:{StubService.FreePort()}/";

        var (code, _, error) = await CliRunner.RunAsync("alert", "list", "--url", url);

        Assert.Equal(3, code);
        Assert.Contains($"pguide alert list: {url}: cannot reach pguide serve", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, false, 2, "401, a key is needed: --api-key env:NAME or file:/path, or $PGUIDE_API_KEY")]
    [InlineData(401, true, 2, "401, the service does not accept this key")]
    [InlineData(403, true, 2, "403, this key may not do that; it needs the read scope")]
    [InlineData(500, true, 3, "500 Internal Server Error")]
    [InlineData(429, true, 3, "429, rate limited")]
    public async Task Refusals_and_failures_name_the_url_and_the_fix(int status, bool withKey, int expectedCode, string expected)
    {
        _service.Answers["GET /api/v1/alerts"] = (status, """{"title":"x","status":0}""");

        var (code, _, error) = withKey ? await List() : await CliRunner.RunAsync("alert", "list", "--url", _service.Url);

        Assert.Equal(expectedCode, code);
        Assert.Contains($"GET {_service.Url}api/v1/alerts: {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pgk_test", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_exit_2_asking_whether_the_url_is_pguide()
    {
        _service.Answers["GET /api/v1/alerts"] = (200, "<html>router login</html>");

        var (code, _, error) = await List();

        Assert.Equal(2, code);
        Assert.Contains("did not answer JSON; is " + _service.Url + " a pguide serve URL?", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--state", "lost")]
    public async Task Bad_options_are_exit_2(string option, string value)
    {
        var (code, _, _) = await List(option, value);

        Assert.Equal(2, code);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task Help_teaches_the_examples_and_exit_codes()
    {
        var (code, output, _) = await CliRunner.RunAsync("alert", "list", "--help");

        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 nothing firing", output, StringComparison.Ordinal);
        Assert.Contains("$PGUIDE_API_KEY", output, StringComparison.Ordinal);
    }
}
