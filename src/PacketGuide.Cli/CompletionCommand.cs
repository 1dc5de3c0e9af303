using System.CommandLine;

namespace PacketGuide.Cli;

/// <summary><c>pguide completion bash</c>: prints a bash completion function backed by System.CommandLine's suggest directive.</summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # pguide bash completion. Install: pguide completion bash > /etc/bash_completion.d/pguide
        _pguide_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(pguide "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _pguide_complete pguide
        """;

    public static Command Create(CliEnvironment env)
    {
        var shell = new Argument<string>("shell") { Description = "Shell to generate completion for." };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "Print a shell completion script (bash).") { shell };
        command.SetAction(async (_, cancellationToken) =>
        {
            await env.Output.WriteLineAsync(Bash.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
