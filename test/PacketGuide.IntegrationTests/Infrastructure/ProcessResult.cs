using System.Globalization;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>How a process run by <see cref="ProcessRunner"/> ended, with everything it printed.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Throws with the command line and its output unless the exit code is one of <paramref name="accepted"/> (default: 0).</summary>
    public ProcessResult EnsureExitCode(params int[] accepted)
    {
        if (accepted.Length == 0 ? ExitCode == 0 : accepted.Contains(ExitCode))
        {
            return this;
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"'{CommandLine}' exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}"));
    }
}
