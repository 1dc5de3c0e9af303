using System.CommandLine;
using PacketGuide.Dhcp.Kea;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>The error handling <c>dhcp leases</c> and <c>dhcp pools</c> share: notes on stderr, one exit code per failure kind.</summary>
internal static class LeaseCommandRunner
{
    public static async Task<int> RunAsync(CliEnvironment env, string name, LeaseStateOptions options, ParseResult parse, bool follow,
        Func<LeaseState, CancellationToken, Task<int>> report, CancellationToken cancellationToken)
    {
        try
        {
            using var state = await options.BuildAsync(parse, env, follow, cancellationToken).ConfigureAwait(false);
            foreach (var note in state.Notes)
            {
                await env.Error.WriteLineAsync($"pguide {name}: note: {note}").ConfigureAwait(false);
            }

            return await report(state, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseStateException ex)
        {
            return await CommandFailure.UsageAsync(env, name, ex.Message).ConfigureAwait(false);
        }
        catch (KeaConfigurationException ex)
        {
            return await CommandFailure.UsageAsync(env, name, ex.Message).ConfigureAwait(false);
        }
        catch (KeaException ex)
        {
            await env.Error.WriteLineAsync($"pguide {name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
