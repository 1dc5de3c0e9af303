namespace PacketGuide.Cli;

/// <summary>How every verb reports a usage or input error: one line on stderr naming the command, exit code 2.</summary>
internal static class CommandFailure
{
    public static async Task<int> UsageAsync(CliEnvironment env, string command, string message)
    {
        await env.Error.WriteLineAsync($"pguide {command}: {message}").ConfigureAwait(false);
        return ExitCodes.UsageOrInput;
    }
}
