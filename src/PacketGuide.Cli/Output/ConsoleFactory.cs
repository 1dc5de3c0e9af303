using Spectre.Console;

namespace PacketGuide.Cli.Output;

/// <summary>
/// Spectre.Console for human output: colour and live width on a terminal; plain, fixed-width, no escape codes when
/// redirected or under test (see ../shared/LIBRARIES.md, Spectre.Console).
/// </summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(CliEnvironment env)
    {
        if (env.IsConsole && !Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(env.Output),
        });
        console.Profile.Width = 120;
        return console;
    }
}
