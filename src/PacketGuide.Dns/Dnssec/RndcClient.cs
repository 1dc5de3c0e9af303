using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using PacketGuide.Dns.Providers;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// BIND's control channel through the <c>rndc</c> program (bind9-utils), with the server, port and key file named on its
/// command line (never rndc.conf's defaults). The key file is read by rndc itself; nothing of it reaches a message.
/// </summary>
public sealed class RndcClient(DnsServer server, string keyFile, TimeSpan timeout)
{
    public DnsServer Server => server;

    /// <summary>Runs <c>rndc ARGS</c>; returns its output, or throws naming the command and rndc's own words.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("rndc")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-s", server.Address.ToString(), "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", keyFile }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DnsProviderException($"cannot run rndc ({ex.Message}); install it (apt-get install bind9-utils) or leave rndc out of the provider.", ex);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DnsProviderException($"rndc {arguments[0]} to {server} did not finish in time.") { Failure = DnsProviderFailure.Unreachable };
        }

        var text = (await output.ConfigureAwait(false)).TrimEnd();
        var problem = (await error.ConfigureAwait(false)).Trim();
        if (process.ExitCode == 0)
        {
            return text.Length > 0 && problem.Length > 0 ? text + "\n" + problem : text.Length > 0 ? text : problem;
        }

        var said = new StringBuilder(problem.Length > 0 ? problem : text).Replace("\n", "; ").ToString();
        var unreachable = said.Contains("connection refused", StringComparison.OrdinalIgnoreCase) || said.Contains("timed out", StringComparison.OrdinalIgnoreCase);
        throw new DnsProviderException($"rndc {string.Join(' ', arguments.Take(2))} at {server} failed: {said}")
        {
            Failure = unreachable ? DnsProviderFailure.Unreachable : DnsProviderFailure.Refused,
        };
    }
}
