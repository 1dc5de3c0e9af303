using System.Globalization;
using System.Text.RegularExpressions;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Network namespaces made by scripts/services/netns.sh for one test, under a prefix unique to this test run
/// (<c>pg</c> + process id + a tag per test). <see cref="DisposeAsync"/> deletes them (which also destroys the veth pair).
/// </summary>
/// <remarks>
/// Veth bed (<see cref="CreateVethAsync"/>): <c>{prefix}srv</c> (10.77.0.1/22 on <c>{prefix}vs</c>) and <c>{prefix}cli</c>
/// (10.77.0.2/22 and 10.78.0.2/24 on <c>{prefix}vc</c>), nothing else; neither has a default route.
/// Isolated (<see cref="CreateIsolatedAsync"/>): <c>{prefix}iso</c> with only <c>lo</c>, for loopback servers and clients,
/// so that a reply to a non-local address has no route off the machine.
/// </remarks>
public sealed partial class NetnsBed : IAsyncDisposable
{
    private static readonly TimeSpan s_scriptTimeout = TimeSpan.FromSeconds(30);

    private NetnsBed(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public string ServerNamespace => Prefix + "srv";

    public string ClientNamespace => Prefix + "cli";

    public string IsolatedNamespace => Prefix + "iso";

    /// <summary>The client end of the veth pair (in <see cref="ClientNamespace"/>).</summary>
    public string ClientInterface => Prefix + "vc";

    /// <summary>A prefix for this process and <paramref name="tag"/>: at most 12 characters, as netns.sh requires.</summary>
    public static string PrefixFor(string tag)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"pg{Environment.ProcessId}{tag}");
        return PrefixPattern().IsMatch(prefix) ? prefix : throw new ArgumentException($"Prefix '{prefix}' is not valid for netns.sh.", nameof(tag));
    }

    public static Task<NetnsBed> CreateVethAsync(string tag, CancellationToken cancellationToken) =>
        CreateAsync(tag, "up", cancellationToken);

    public static Task<NetnsBed> CreateIsolatedAsync(string tag, CancellationToken cancellationToken) =>
        CreateAsync(tag, "up-isolated", cancellationToken);

    /// <summary><c>ip netns exec NAMESPACE program args...</c> as one argument list.</summary>
    public static IEnumerable<string> Exec(string namespaceName, string program, IEnumerable<string> arguments) =>
        new[] { "netns", "exec", namespaceName, program }.Concat(arguments);

    public async ValueTask DisposeAsync()
    {
        (await ProcessRunner.RunAsync(RepositoryLayout.ServiceScript("netns.sh"), ["down", Prefix], s_scriptTimeout, CancellationToken.None))
            .EnsureExitCode();
    }

    private static async Task<NetnsBed> CreateAsync(string tag, string action, CancellationToken cancellationToken)
    {
        var bed = new NetnsBed(PrefixFor(tag));
        try
        {
            (await ProcessRunner.RunAsync(RepositoryLayout.ServiceScript("netns.sh"), [action, bed.Prefix], s_scriptTimeout, cancellationToken))
                .EnsureExitCode();
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }

        return bed;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,12}$")]
    private static partial Regex PrefixPattern();
}
