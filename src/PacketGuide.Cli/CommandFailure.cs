namespace PacketGuide.Cli;

/// <summary>How every verb reports a usage or input error: one line on stderr naming the command, exit code 2.</summary>
internal static class CommandFailure
{
    public static async Task<int> UsageAsync(CliEnvironment env, string command, string message)
    {
        await env.Error.WriteLineAsync($"pguide {command}: {message}").ConfigureAwait(false);
        return ExitCodes.UsageOrInput;
    }

    /// <summary>A DNS provider's failure: one line on stderr; exit 3 when it could not be reached, 2 when it refused or failed.</summary>
    public static async Task<int> ProviderAsync(CliEnvironment env, string command, PacketGuide.Dns.Providers.DnsProviderException failure)
    {
        await env.Error.WriteLineAsync($"pguide {command}: {failure.Message}").ConfigureAwait(false);
        return failure.Failure == PacketGuide.Dns.Providers.DnsProviderFailure.Unreachable ? ExitCodes.Unreachable : ExitCodes.UsageOrInput;
    }
}
