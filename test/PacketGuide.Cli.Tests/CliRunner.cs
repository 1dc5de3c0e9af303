using Microsoft.Extensions.Time.Testing;

namespace PacketGuide.Cli.Tests;

/// <summary>Runs <c>pguide</c> in process with captured output, a fixed clock and only the environment variables a test gives.</summary>
internal static class CliRunner
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string>? variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, new FakeTimeProvider(Now), () => Stream.Null)
        {
            Variables = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
        };
        var code = await PguideCli.RunAsync(args, env, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync(null, args);
}
