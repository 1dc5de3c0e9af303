namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh directory under the temp folder for one test's server configs, logs and lease files. Deleted on dispose,
/// unless the test failed or PGUIDE_IT_KEEP=1, in which case its path is written to the test output.
/// </summary>
public sealed class TestWorkDirectory : IAsyncDisposable
{
    private TestWorkDirectory(string path) => Path = path;

    public string Path { get; }

    public static TestWorkDirectory Create(string tag) =>
        new(Directory.CreateTempSubdirectory($"pguide-it-{tag}-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result == TestResult.Failed;
        if (failed || Environment.GetEnvironmentVariable("PGUIDE_IT_KEEP") == "1")
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"work directory kept: {Path}");
            return ValueTask.CompletedTask;
        }

        Directory.Delete(Path, recursive: true);
        return ValueTask.CompletedTask;
    }
}
