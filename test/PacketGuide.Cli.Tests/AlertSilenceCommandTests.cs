using System.Text.Json;

namespace PacketGuide.Cli.Tests;

/// <summary><c>pguide alert silence add|list|expire</c> against a stub of pguide serve's answers: what is sent, and how refusals read.</summary>
public sealed class AlertSilenceCommandTests : IAsyncDisposable
{
    private const string Created = """
        {"id":"5ca1ab1e00000001","matchers":["alertname=allocation-failure","subnet=~10\\.78\\..*"],"starts":"2026-11-27T09:00:00+00:00",
         "ends":"2026-11-27T11:00:00+00:00","author":"key:3f9a0c1d2e4b (ops-cli)","comment":"CHG-1234 pool resize","active":true}
        """;

    private readonly StubService _service = StubService.Start();

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private Task<(int Code, string Output, string Error)> Silence(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["PGUIDE_URL"] = _service.Url, ["PGUIDE_API_KEY"] = "pgk_write" }, ["alert", "silence", .. args]);

    [Fact]
    public async Task Add_posts_the_matchers_duration_and_comment_and_prints_the_id()
    {
        _service.Answers["POST /api/v1/alerts/silences"] = (201, Created);

        var (code, output, error) = await Silence("add", "alertname=allocation-failure", "subnet=~10\\.78\\..*", "--duration", "2h", "--comment", "CHG-1234 pool resize");

        Assert.Equal(0, code);
        Assert.Equal("5ca1ab1e00000001", output.Trim());
        Assert.Contains("created 5ca1ab1e00000001 [alertname=allocation-failure subnet=~10\\.78\\..*] until 2026-11-27 11:00:00Z, by key:3f9a0c1d2e4b (ops-cli)", error, StringComparison.Ordinal);
        var sent = _service.Requests.Single();
        Assert.Equal("Bearer pgk_write", sent.Authorization);
        var body = JsonDocument.Parse(sent.Body).RootElement;
        Assert.Equal(["alertname=allocation-failure", "subnet=~10\\.78\\..*"], body.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(("2h", "CHG-1234 pool resize"), (body.GetProperty("duration").GetString(), body.GetProperty("comment").GetString()));
    }

    [Fact]
    public async Task Add_with_json_prints_the_created_silence()
    {
        _service.Answers["POST /api/v1/alerts/silences"] = (201, Created);

        var (code, output, _) = await Silence("add", "alertname=x", "--duration", "2h", "--comment", "c", "--json");

        Assert.Equal(0, code);
        Assert.Equal("key:3f9a0c1d2e4b (ops-cli)", JsonDocument.Parse(output).RootElement.GetProperty("author").GetString());
    }

    [Fact]
    public async Task The_services_validation_errors_are_printed_field_by_field()
    {
        _service.Answers["POST /api/v1/alerts/silences"] = (400, """
            {"type":"https://packetguide.dev/problems/validation","title":"The request has invalid parameters.","status":400,
             "errors":{"matchers":["'subnet' is not a matcher: write name=value or name=~regex."],"duration":["'forever' is not a duration from 1m to 30d (2h, 90m, 1d)."]}}
            """);

        var (code, output, error) = await Silence("add", "subnet", "--duration", "forever", "--comment", "c");

        Assert.Equal(2, code);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"pguide alert silence add: POST {_service.Url}api/v1/alerts/silences: 400, the service refused it:", lines[0]);
        Assert.Equal("matchers: 'subnet' is not a matcher: write name=value or name=~regex.", lines[1]);
        Assert.Equal("duration: 'forever' is not a duration from 1m to 30d (2h, 90m, 1d).", lines[2]);
    }

    [Fact]
    public async Task A_read_key_is_told_that_adding_needs_the_write_scope()
    {
        _service.Answers["POST /api/v1/alerts/silences"] = (403, "");

        var (code, _, error) = await Silence("add", "alertname=x", "--duration", "2h", "--comment", "c");

        Assert.Equal(2, code);
        Assert.Contains("403, this key may not do that; it needs the write scope (pguide apikey create --name NAME --scope write).", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration")]
    [InlineData("--comment")]
    public async Task Add_without_duration_or_comment_is_a_usage_error(string missing)
    {
        string[] args = ["add", "alertname=x", "--duration", "2h", "--comment", "c"];
        var at = Array.IndexOf(args, missing);

        var (code, _, error) = await Silence([.. args[..at], .. args[(at + 2)..]]);

        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task Add_without_a_matcher_is_a_usage_error()
    {
        var (code, _, _) = await Silence("add", "--duration", "2h", "--comment", "c");

        Assert.Equal(2, code);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task List_shows_the_author_and_comment_and_all_asks_for_ended_ones()
    {
        _service.Answers["GET /api/v1/alerts/silences"] = (200, "[" + Created + "]");

        var (code, output, _) = await Silence("list", "--all");

        Assert.Equal(0, code);
        Assert.Contains("5ca1ab1e00000001", output, StringComparison.Ordinal);
        Assert.Contains("CHG-1234", output, StringComparison.Ordinal); // the table wraps long cells at 120 columns
        Assert.Contains("2026-11-27 11:00Z (in 2h)", output, StringComparison.Ordinal);
        Assert.Equal("?all=true", _service.Requests.Single().Query);
    }

    [Fact]
    public async Task List_json_is_the_api_answer()
    {
        _service.Answers["GET /api/v1/alerts/silences"] = (200, "[" + Created + "]");

        var (code, output, _) = await Silence("list", "--json");

        Assert.Equal(0, code);
        Assert.Equal("5ca1ab1e00000001", JsonDocument.Parse(output).RootElement[0].GetProperty("id").GetString());
        Assert.Equal("", _service.Requests.Single().Query);
    }

    [Fact]
    public async Task Expire_deletes_the_silence()
    {
        _service.Answers["DELETE /api/v1/alerts/silences/5ca1ab1e00000001"] = (204, "");

        var (code, _, error) = await Silence("expire", "5ca1ab1e00000001");

        Assert.Equal(0, code);
        Assert.Contains("ended 5ca1ab1e00000001", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiring_an_unknown_silence_is_exit_2_with_the_services_words()
    {
        _service.Answers["DELETE /api/v1/alerts/silences/nope"] = (404, """{"title":"Not found","status":404,"detail":"No active silence nope."}""");

        var (code, _, error) = await Silence("expire", "nope");

        Assert.Equal(2, code);
        Assert.Contains("404 Not Found: No active silence nope.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_teaches_each_verb()
    {
        foreach (var verb in new[] { "add", "list", "expire" })
        {
            var (code, output, _) = await CliRunner.RunAsync("alert", "silence", verb, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Exit codes: 0", output, StringComparison.Ordinal);
            Assert.Contains("Example", output, StringComparison.Ordinal);
        }
    }
}
