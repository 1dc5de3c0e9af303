namespace PacketGuide.Cli.Tests;

/// <summary>serve, apikey and dashboard export: what they say and return when given something they cannot use.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pguide-serve-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PguideCli.RunAsync(args, new CliEnvironment(output, error, TimeProvider.System, () => Stream.Null), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Export_from_a_service_that_is_not_there_exits_3_naming_the_url()
    {
        var (code, _, error) = await RunAsync("dashboard", "export", Path.Combine(_work, "site"), "--url", "http://127.0.0.1:1/");

        Assert.Equal(3, code);
        Assert.Contains("http://127.0.0.1:1/: cannot reach the service", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--url", "ftp://x/", "is not an http:// or https:// URL")]
    [InlineData("--api-key", "pgk_inline_secret", "must be env:NAME or file:/path")]
    [InlineData("--api-key", "env:PGUIDE_TEST_NOT_SET_ANYWHERE", "not set")]
    public async Task Export_refuses_bad_options_with_exit_2(string option, string value, string expected)
    {
        var (code, _, error) = await RunAsync("dashboard", "export", Path.Combine(_work, "site"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("pgk_inline_secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_keys_are_created_listed_and_revoked_in_the_data_directory()
    {
        var (code, key, _) = await RunAsync("apikey", "create", "--name", "grafana", "--scope", "write", "--data-dir", _work);
        Assert.Equal(0, code);
        Assert.StartsWith("pgk_", key.Trim(), StringComparison.Ordinal);

        var (_, list, _) = await RunAsync("apikey", "list", "--json", "--data-dir", _work);
        Assert.Contains("\"scope\": \"write\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Trim()[17..], list, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("apikey", "revoke", key.Trim()[4..16], "--data-dir", _work)).Code);
        var again = await RunAsync("apikey", "revoke", key.Trim()[4..16], "--data-dir", _work);
        Assert.Equal(2, again.Code);
        Assert.Contains("no active key", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_an_invalid_setting_exits_2_naming_the_key()
    {
        var config = Path.Combine(_work, "pguide.yaml");
        await File.WriteAllTextAsync(config, "serve:\n  storage:\n    provider: oracle\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await RunAsync("serve", "--config", config, "--data-dir", _work);

        Assert.Equal(2, code);
        Assert.Contains("pguide.yaml:3: serve.storage.provider: 'oracle' is not a storage provider", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_an_unreadable_dhcp_config_exits_2_naming_it()
    {
        var conf = Path.Combine(_work, "kea-dhcp4.conf");
        await File.WriteAllTextAsync(conf, "{ \"Dhcp4\": ", TestContext.Current.CancellationToken);

        var (code, _, error) = await RunAsync("serve", "--dhcp-config", conf, "--data-dir", _work, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, code);
        Assert.Contains("serve.dhcp.config:", error, StringComparison.Ordinal);
        Assert.Contains("kea-dhcp4.conf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_missing_dhcp_config_exits_2_naming_it()
    {
        var (code, _, error) = await RunAsync("serve", "--dhcp-config", Path.Combine(_work, "nope.conf"), "--data-dir", _work, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, code);
        Assert.Contains("nope.conf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_exits_2_and_says_so()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var (code, _, error) = await RunAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", _work);

        Assert.Equal(2, code);
        Assert.Contains("cannot listen on", error, StringComparison.Ordinal);
    }
}
