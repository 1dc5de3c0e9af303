using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// <c>pguide dns plan</c> and <c>pguide dns apply</c>: zone specs against their providers (<see cref="ZonePlanner"/>,
/// <see cref="ZoneApplier"/>), with the safety rails, saved plans and an apply log.
/// </summary>
internal static class DnsPlanCommand
{
    private const string Rails =
        "Safety: only records PacketGuide manages are deleted (its _pguide markers; external-dns's records and ignore: patterns\n" +
        "are left alone); a plan that updates or deletes more than 30 % of a zone's RRsets (zones of 10 or more; safety: in the\n" +
        "spec) or touches the zone's own NS or SOA needs --force. See docs/dns-zones.md.";

    public static Command CreatePlan(CliEnvironment env)
    {
        var options = new ZoneOptions();
        var markdown = new Option<bool>("--markdown") { Description = "Print Markdown for a pull-request comment." };
        var output = new Option<string>("--out") { Description = "Also save the plan (JSON) for `pguide dns apply --plan FILE`." };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when nothing would change, 2 when something would, 1 on any error (drift checks in cron or CI)." };
        var plan = new Command("plan",
            "Compare zone specs with what their providers serve and show what an apply would change, per RRset.\n" +
            "Examples:\n" +
            "  pguide dns plan                                   # every spec in zones/\n" +
            "  pguide dns plan zones/example.com.yaml --markdown # for a pull-request comment\n" +
            "  pguide dns plan --out plan.json                   # review, then: pguide dns apply --plan plan.json\n" +
            "  pguide dns plan --detailed-exitcode               # drift check: 0 none, 2 drift, 1 error\n" +
            Rails + "\n" +
            "Exit codes: 0 done, 2 usage error or invalid spec, 3 provider unreachable; with --detailed-exitcode 0/2/1 as above.")
        {
            options.Paths, markdown, output, detailed,
        };
        options.AddTo(plan);
        plan.SetAction(async (parse, ct) =>
        {
            var detailedExit = parse.GetValue(detailed);
            var code = await RunAsync(env, "dns plan", async (providers, console, token) =>
            {
                var (plans, _) = await PlanAsync(env, options, parse, providers, token).ConfigureAwait(false);
                var document = JsonOutput.Document(w => ZonePlanJson.Write(w, plans));
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, document, token).ConfigureAwait(false);
                }

                if (parse.GetValue(options.Json))
                {
                    await env.Output.WriteLineAsync(document).ConfigureAwait(false);
                }
                else if (parse.GetValue(markdown))
                {
                    await env.Output.WriteAsync(ZonePlanView.Markdown(plans).AsMemory(), token).ConfigureAwait(false);
                }
                else
                {
                    foreach (var zonePlan in plans)
                    {
                        ZonePlanView.Table(console, zonePlan);
                    }
                }

                return plans.Any(p => p.HasChanges) ? HasChanges : ExitCodes.Ok;
            }, parse, options, ct).ConfigureAwait(false);

            // Terraform's convention, which CI drift checks expect: 0 no changes, 2 changes, 1 any error.
            return detailedExit
                ? code switch { ExitCodes.Ok => 0, HasChanges => 2, ExitCodes.Interrupted => ExitCodes.Interrupted, _ => 1 }
                : code == HasChanges ? ExitCodes.Ok : code;
        });
        return plan;
    }

    public static Command CreateApply(CliEnvironment env)
    {
        var options = new ZoneOptions();
        var saved = new Option<string>("--plan") { Description = "Apply this saved plan (from `dns plan --out`); refused when a zone changed since." };
        var approve = new Option<bool>("--auto-approve") { Description = "Apply without asking (CI). Without it, a terminal asks for 'yes'." };
        var force = new Option<bool>("--force") { Description = "Apply even when a safety limit blocks the plan (after reading it!)." };
        var log = new Option<string>("--log") { Description = "Append every change (time, zone, action, before, after) to this file as JSON lines." };
        var apply = new Command("apply",
            "Make the providers serve what the zone specs declare: plan, show, confirm, then apply each zone in one request where\n" +
            "the protocol allows (PowerDNS: one PATCH; RFC 2136: UPDATE messages of up to 63 KB), every change on condition that\n" +
            "its RRset is still what the plan saw (RFC 2136 prerequisites; PowerDNS: checked just before). Every change is printed\n" +
            "with its before and after, and appended to --log.\n" +
            "Examples:\n" +
            "  pguide dns apply                          # plan, show, ask\n" +
            "  pguide dns apply --auto-approve --log /var/log/pguide-dns.jsonl\n" +
            "  pguide dns apply --plan plan.json --auto-approve\n" +
            Rails + "\n" +
            "Exit codes: 0 applied (or nothing to do), 1 refused (safety limit, stale plan, not confirmed), 2 usage error or invalid spec,\n" +
            "3 provider unreachable.")
        {
            options.Paths, saved, approve, force, log,
        };
        options.AddTo(apply);
        apply.SetAction(async (parse, ct) =>
        {
            var code = await RunAsync(env, "dns apply", async (providers, console, token) =>
            {
                List<ZonePlan> plans;
                if (parse.GetValue(saved) is { } planFile)
                {
                    plans = ZonePlanJson.Read(await File.ReadAllTextAsync(planFile, token).ConfigureAwait(false), planFile);
                }
                else
                {
                    (plans, _) = await PlanAsync(env, options, parse, providers, token).ConfigureAwait(false);
                }

                var json = parse.GetValue(options.Json);
                if (!json)
                {
                    foreach (var plan in plans)
                    {
                        ZonePlanView.Table(console, plan);
                    }
                }

                if (!plans.Any(p => p.HasChanges))
                {
                    await WriteResultAsync(env, json, [], "nothing to do: every zone matches its spec.").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var blocked = plans.SelectMany(p => p.Refusals).ToList();
                if (blocked.Count > 0 && !parse.GetValue(force))
                {
                    await env.Error.WriteLineAsync($"pguide dns apply: refused, nothing sent:\n  {string.Join("\n  ", blocked)}").ConfigureAwait(false);
                    return ExitCodes.Findings;
                }

                if (!parse.GetValue(approve) && !await ConfirmAsync(env, console, plans).ConfigureAwait(false))
                {
                    return ExitCodes.Findings;
                }

                var applied = new List<ZoneApplyOutcome>();
                foreach (var plan in plans.Where(p => p.HasChanges))
                {
                    var outcome = await ZoneSpecPlanning.ApplyAsync(plan, providers, parse.GetValue(force), null, token).ConfigureAwait(false);
                    applied.Add(outcome);
                    await LogAsync(env, parse.GetValue(log), plan, outcome.Sent, token).ConfigureAwait(false);
                    if (!json)
                    {
                        foreach (var change in outcome.RecordChanges)
                        {
                            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                                $"{change.Action.ToString().ToLowerInvariant()} {change.Name} {change.Type}: {Values(change.Before)} -> {Values(change.After)}")));
                        }
                    }

                    if (outcome.Dnssec is { } result)
                    {
                        foreach (var action in result.Actions)
                        {
                            await env.Output.WriteLineAsync($"dnssec {plan.Zone}: {action}").ConfigureAwait(false);
                        }

                        if (result.ManualStep is { } manual)
                        {
                            await env.Error.WriteLineAsync($"pguide dns apply: {plan.Zone}: DNSSEC needs a step pguide cannot take:\n{manual}").ConfigureAwait(false);
                        }
                    }
                }

                await WriteResultAsync(env, json, applied, string.Join("\n", applied.Select(a => string.Create(CultureInfo.InvariantCulture,
                    $"{a.Plan.Zone}: applied {a.RecordChanges.Count()} change(s) and {a.Plan.MarkerChanges.Count} marker(s)")))).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, parse, options, ct).ConfigureAwait(false);
            return code;
        });
        return apply;
    }

    /// <summary>Reads the specs (an invalid one stops everything) and plans each against its provider.</summary>
    private static async Task<(List<ZonePlan> Plans, List<ZoneSpec> Specs)> PlanAsync(CliEnvironment env, ZoneOptions options, ParseResult parse, DnsProviderSet providers,
        CancellationToken cancellationToken)
    {
        var (specs, findings) = await ZoneSpecReader.ReadAllAsync(DnsCheckCommand.Paths(parse.GetValue(options.Paths)), cancellationToken).ConfigureAwait(false);
        await DnsCheckCommand.PrintAsync(env, findings.Where(f => f.Severity == ZoneFindingSeverity.Error)).ConfigureAwait(false);
        if (findings.Any(f => f.Severity == ZoneFindingSeverity.Error))
        {
            throw new DnsCommandException($"{findings.Count(f => f.Severity == ZoneFindingSeverity.Error)} error(s) in the zone specs (above); nothing was read from a server. `pguide dns check` lists warnings too.");
        }

        if (specs.Count == 0)
        {
            throw new DnsCommandException($"no zone specs in {string.Join(", ", DnsCheckCommand.Paths(parse.GetValue(options.Paths)))}; write one (`pguide dns import` starts from a live zone).");
        }

        var plans = new List<ZonePlan>();
        foreach (var spec in specs)
        {
            plans.Add(await ZoneSpecPlanning.PlanAsync(spec, providers, parse.GetValue(options.Provider), cancellationToken).ConfigureAwait(false));
        }

        return (plans, specs);
    }

    private static async Task<bool> ConfirmAsync(CliEnvironment env, IAnsiConsole console, IReadOnlyList<ZonePlan> plans)
    {
        if (!console.Profile.Capabilities.Interactive || Console.IsInputRedirected)
        {
            await env.Error.WriteLineAsync("pguide dns apply: not confirmed, nothing sent: this is not a terminal, so review the plan and give --auto-approve.").ConfigureAwait(false);
            return false;
        }

        var answer = await console.PromptAsync(new TextPrompt<string>(string.Create(CultureInfo.InvariantCulture,
            $"Apply {plans.Sum(p => p.Changes.Count)} change(s) to {plans.Count(p => p.HasChanges)} zone(s)? Type [bold]yes[/] to go on:")).AllowEmpty()).ConfigureAwait(false);
        if (answer.Trim() == "yes")
        {
            return true;
        }

        await env.Error.WriteLineAsync("pguide dns apply: not confirmed, nothing sent.").ConfigureAwait(false);
        return false;
    }

    private static async Task LogAsync(CliEnvironment env, string? path, ZonePlan plan, IReadOnlyList<ZonePlanChange> changes, CancellationToken cancellationToken)
    {
        if (path is null || changes.Count == 0)
        {
            return;
        }

        var time = env.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var lines = changes.Select(change =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer, JsonOutput.Lines))
            {
                w.WriteStartObject();
                w.WriteString("time", time);
                w.WriteString("zone", plan.Zone);
                w.WriteString("provider", plan.Provider);
                w.WriteString("action", change.Action.ToString().ToLowerInvariant());
                w.WriteString("name", change.Name);
                w.WriteString("type", change.Type);
                WriteSet(w, "before", change.Before);
                WriteSet(w, "after", change.After);
                w.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        });
        await File.AppendAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteSet(Utf8JsonWriter w, string name, DnsRecordSet? set)
    {
        if (set is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("ttl", set.Ttl);
        JsonOutput.WriteStringArray(w, "values", set.Values);
        w.WriteEndObject();
    }

    private static async Task WriteResultAsync(CliEnvironment env, bool json, IReadOnlyList<ZoneApplyOutcome> applied, string text)
    {
        await env.Output.WriteLineAsync(json
            ? JsonOutput.Object(w =>
            {
                w.WriteStartArray("zones");
                foreach (var outcome in applied)
                {
                    w.WriteStartObject();
                    w.WriteString("zone", outcome.Plan.Zone);
                    w.WriteString("provider", outcome.Plan.Provider);
                    w.WriteNumber("applied", outcome.RecordChanges.Count());
                    w.WriteNumber("markers", outcome.Plan.MarkerChanges.Count);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            })
            : text).ConfigureAwait(false);
    }

    private static string Values(DnsRecordSet? set) => set is null ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"{set.Ttl} {string.Join(" | ", set.Values)}");

    /// <summary>What plan's action returns when something would change (mapped to 0, or 2 with --detailed-exitcode).</summary>
    private const int HasChanges = 10;

    /// <summary>Runs a verb with the providers loaded; maps failures to exit codes: 2 usage or input, 1 refused, 3 unreachable.</summary>
    private static async Task<int> RunAsync(CliEnvironment env, string verb, Func<DnsProviderSet, IAnsiConsole, CancellationToken, Task<int>> run, ParseResult parse,
        ZoneOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var providers = await CliDnsProviders.LoadAsync(parse.GetValue(options.Config), parse.GetValue(options.Timeout), env, cancellationToken).ConfigureAwait(false);
            return await run(providers, ConsoleFactory.Create(env), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DnsCommandException or DnsConfigException or FormatException or IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync($"pguide {verb}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }
        catch (ZoneApplyException ex)
        {
            await env.Error.WriteLineAsync($"pguide {verb}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (DnsProviderException ex)
        {
            return await CommandFailure.ProviderAsync(env, verb, ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    private sealed class ZoneOptions
    {
        public Argument<string[]> Paths { get; } = new("PATH") { Description = "Zone spec files or directories (default: zones/).", Arity = ArgumentArity.ZeroOrMore };

        public Option<string> Config { get; } = new("--config") { Description = "pguide.yaml to read the providers from." };

        public Option<string> Provider { get; } = new("--provider") { Description = "The provider for specs that name none (needed when pguide.yaml names several)." };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (the plan format of docs/dns-zones.md)." };

        public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for a provider.", DefaultValueFactory = _ => 60 };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Config, Provider, Json, Timeout })
            {
                command.Options.Add(option);
            }
        }
    }
}
