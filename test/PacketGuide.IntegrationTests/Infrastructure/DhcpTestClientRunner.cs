using System.Runtime.InteropServices;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Runs test/PacketGuide.DhcpTestClient (pguide-dhcp-client.dll, copied into this project's output by the project
/// reference) as a separate process inside a network namespace: its sockets must be opened in that namespace, which a
/// thread of this process cannot do reliably.
/// </summary>
public static class DhcpTestClientRunner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs the standard scenario with <c>--out COUNTS</c> and <c>--verbose</c> (its log goes to <paramref name="logPath"/>),
    /// and returns the counts.
    /// </summary>
    public static async Task<ClientCounts> RunStandardScenarioAsync(
        string namespaceName,
        IEnumerable<string> connectionArguments,
        string countsPath,
        string logPath,
        CancellationToken cancellationToken)
    {
        var client = Path.Combine(AppContext.BaseDirectory, "pguide-dhcp-client.dll");
        if (!File.Exists(client))
        {
            throw new FileNotFoundException("pguide-dhcp-client.dll is not in the test output; is the project reference missing?", client);
        }

        string[] arguments = [client, .. connectionArguments, "--scenario", "standard", "--out", countsPath, "--verbose"];
        var result = await ProcessRunner.RunAsync("ip", NetnsBed.Exec(namespaceName, DotnetHost(), arguments), s_timeout, cancellationToken);
        await File.WriteAllTextAsync(logPath, result.StandardError, cancellationToken);
        result.EnsureExitCode();
        return await ClientCounts.ReadAsync(countsPath, cancellationToken);
    }

    /// <summary><c>--scenario dora --count N</c>: N fresh clients each get one lease. Returns the counts.</summary>
    public static async Task<ClientCounts> RunDoraAsync(
        string namespaceName, IEnumerable<string> connectionArguments, int count, string countsPath, CancellationToken cancellationToken)
    {
        var client = Path.Combine(AppContext.BaseDirectory, "pguide-dhcp-client.dll");
        string[] arguments = [client, .. connectionArguments, "--scenario", "dora", "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", countsPath];
        (await ProcessRunner.RunAsync("ip", NetnsBed.Exec(namespaceName, DotnetHost(), arguments), s_timeout, cancellationToken)).EnsureExitCode();
        return await ClientCounts.ReadAsync(countsPath, cancellationToken);
    }

    /// <summary>Runs a .NET app (a dll next to the tests) inside <paramref name="namespaceName"/> and returns its result, whatever its exit code.</summary>
    public static Task<ProcessResult> RunDotnetAsync(string namespaceName, string dll, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("ip", NetnsBed.Exec(namespaceName, DotnetHost(), [Path.Combine(AppContext.BaseDirectory, dll), .. arguments]),
            s_timeout, cancellationToken);

    /// <summary>The dotnet executable of the runtime this test runs on (…/dotnet/shared/Microsoft.NETCore.App/X/ → …/dotnet/dotnet).</summary>
    private static string DotnetHost()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtime.Parent?.Parent?.Parent;
        var candidate = root is null ? null : Path.Combine(root.FullName, "dotnet");
        if (candidate is not null && File.Exists(candidate))
        {
            return candidate;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath) ? hostPath
            : ToolPath.Find("dotnet") ?? throw new FileNotFoundException("dotnet host not found");
    }
}
