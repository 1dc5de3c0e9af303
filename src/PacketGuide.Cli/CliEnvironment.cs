namespace PacketGuide.Cli;

/// <summary>What a command may touch outside itself; tests pass string writers and a fake clock.</summary>
internal sealed record CliEnvironment(TextWriter Output, TextWriter Error, TimeProvider Time, Func<Stream> OpenStandardInput)
{
    /// <summary>True when output goes to the real console (enables colour and terminal width detection).</summary>
    public bool IsConsole => ReferenceEquals(Output, Console.Out);

    /// <summary>Reads an environment variable (secrets named <c>env:NAME</c>, <c>$PGUIDE_URL</c>); tests pass their own.</summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;
}
