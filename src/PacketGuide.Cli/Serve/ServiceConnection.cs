using System.CommandLine;
using PacketGuide.Dns.Config;

namespace PacketGuide.Cli.Serve;

/// <summary>
/// How a verb reaches a running pguide serve: <c>--url</c> (default <c>$PGUIDE_URL</c>, else http://127.0.0.1:8080/)
/// and <c>--api-key</c> as <c>env:NAME</c> or <c>file:/path</c> (default: the key in <c>$PGUIDE_API_KEY</c>). A key
/// written on the command line itself is refused, without repeating it: it would show in ps and the shell's history.
/// </summary>
internal sealed class ServiceConnection
{
    public const string UrlVariable = "PGUIDE_URL";
    public const string KeyVariable = "PGUIDE_API_KEY";
    public const string DefaultUrl = "http://127.0.0.1:8080/";

    /// <summary>The help text's lines on these options, for the commands' descriptions.</summary>
    public const string Help =
        "The service is --url, else $PGUIDE_URL, else http://127.0.0.1:8080/. The key is --api-key env:NAME or file:/path,\n" +
        "else $PGUIDE_API_KEY (never the key itself on the command line: ps and shell history would show it).";

    public Option<string> Url { get; } = new("--url") { Description = $"The running pguide serve (default ${UrlVariable}, else {DefaultUrl})." };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key as env:NAME or file:/path, never the key itself (default: the key in ${KeyVariable}).",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
    }

    /// <summary>
    /// Connects and runs <paramref name="action"/>; a bad --url or --api-key, or a failed call, is one message on stderr
    /// naming the command (a 400's fields one per line) and its exit code: 2 refused or bad option, 3 unreachable.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, CliEnvironment env, string command, Func<ServiceClient, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            using var client = Connect(parse, env);
            return await action(client).ConfigureAwait(false);
        }
        catch (ServiceCallException ex)
        {
            await env.Error.WriteLineAsync($"pguide {command}: {ex.Message}").ConfigureAwait(false);
            foreach (var (field, message) in ex.FieldErrors)
            {
                await env.Error.WriteLineAsync($"  {field}: {message}").ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
    }

    /// <summary>A client for the service; throws <see cref="ServiceCallException"/> (exit 2) saying what to fix.</summary>
    public ServiceClient Connect(ParseResult parse, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(env);
        var (urlText, urlFrom) = parse.GetValue(Url) is { } given ? (given, "--url")
            : env.Variables(UrlVariable) is { Length: > 0 } variable ? (variable, "$" + UrlVariable)
            : (DefaultUrl, "the default URL");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ServiceCallException($"{urlFrom} '{urlText}' is not an http:// or https:// URL (e.g. {DefaultUrl}).", ExitCodes.UsageOrInput);
        }

        return new ServiceClient(url, Key(parse, env));
    }

    private string? Key(ParseResult parse, CliEnvironment env)
    {
        if (parse.GetValue(ApiKey) is not { } reference)
        {
            return env.Variables(KeyVariable) is { Length: > 0 } key ? key.Trim() : null;
        }

        if (!SecretReference.TryParse(reference, out var secret, out _))
        {
            // Never repeat the value: it may be a pasted key.
            throw new ServiceCallException(
                $"--api-key takes env:NAME or file:/path, not the key itself (a key on the command line shows in ps and the shell's history); or set ${KeyVariable}.",
                ExitCodes.UsageOrInput);
        }

        try
        {
            return secret!.Resolve(env.Variables);
        }
        catch (DnsConfigException ex)
        {
            throw new ServiceCallException($"--api-key {ex.Message}", ExitCodes.UsageOrInput, innerException: ex);
        }
    }
}
