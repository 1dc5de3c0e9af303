namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>Runs one of scripts/services/*.sh (optionally inside a network namespace) and fails with its output if it fails.</summary>
public static class ServiceScript
{
    /// <summary>Generous: the scripts give up on their own after 20 s of waiting for a server to become ready.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static async Task<ProcessResult> RunAsync(
        string script,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? namespaceName = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = RepositoryLayout.ServiceScript(script);
        var result = namespaceName is null
            ? await ProcessRunner.RunAsync(path, arguments, s_timeout, cancellationToken, environment)
            : await ProcessRunner.RunAsync("ip", NetnsBed.Exec(namespaceName, path, arguments), s_timeout, cancellationToken, environment);
        return result.EnsureExitCode();
    }
}
