using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Cli.Dns;

/// <summary><c>pguide dns check [PATH...]</c> and <c>pguide dns schema</c>: zone specs checked offline, and their JSON Schema.</summary>
internal static class DnsCheckCommand
{
    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Zone spec files, or directories of them (*.yaml, *.yml). Default: zones/", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print {zones, recordSets, errors, warnings, findings: [{path, line, severity, rule, message}]}." };
        var check = new Command("check",
            "Check zone specs without touching a server: keys, names (label <= 63, name <= 255, inside the zone), types, TTLs,\n" +
            "values (address literals, MX/SRV/CNAME targets), CNAME alone at its name and not at the apex, MX/SRV/NS targets\n" +
            "that are CNAMEs or in-zone names without addresses, duplicate values. Each finding: file:line, rule id, what to do.\n" +
            "Examples:\n" +
            "  pguide dns check                      # every spec in zones/\n" +
            "  pguide dns check zones/example.com.yaml --json\n" +
            "Exit codes: 0 no errors (warnings allowed), 2 errors (or no spec found).")
        {
            paths, json,
        };
        check.SetAction(async (parse, ct) =>
        {
            var (specs, findings) = await ZoneSpecReader.ReadAllAsync(Paths(parse.GetValue(paths)), ct).ConfigureAwait(false);
            var errors = findings.Count(f => f.Severity == ZoneFindingSeverity.Error);
            var warnings = findings.Count - errors;
            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Object(w =>
                {
                    w.WriteNumber("zones", specs.Count);
                    w.WriteNumber("recordSets", specs.Sum(s => s.RecordSets.Count));
                    w.WriteNumber("errors", errors);
                    w.WriteNumber("warnings", warnings);
                    WriteFindings(w, findings);
                })).ConfigureAwait(false);
            }
            else
            {
                await PrintAsync(env, findings).ConfigureAwait(false);
                await env.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{specs.Count} zone(s), {specs.Sum(s => s.RecordSets.Count)} RRsets checked: {errors} error(s), {warnings} warning(s)")).ConfigureAwait(false);
            }

            return errors > 0 || (specs.Count == 0 && findings.Count == 0) ? ExitCodes.UsageOrInput : ExitCodes.Ok;
        });
        return check;
    }

    public static Command CreateSchema(CliEnvironment env)
    {
        var schema = new Command("schema",
            "Print the JSON Schema of zone specs, for editors. Save it beside zones/ and put\n" +
            "  # yaml-language-server: $schema=../pguide-zone.schema.json\n" +
            "on the first line of a spec for completion and checks while typing (VS Code's YAML extension and others).\n" +
            "Example: pguide dns schema > pguide-zone.schema.json");
        schema.SetAction(async (_, _) =>
        {
            await env.Output.WriteLineAsync(ZoneSpecSchema.Json).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return schema;
    }

    /// <summary>The paths given, or zones/ when none.</summary>
    public static string[] Paths(string[]? given) => given is { Length: > 0 } ? given : ["zones"];

    public static void WriteFindings(Utf8JsonWriter w, IEnumerable<ZoneFinding> findings)
    {
        w.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            w.WriteStartObject();
            w.WriteString("path", finding.Path);
            w.WriteNumber("line", finding.Line);
            w.WriteString("severity", finding.Severity == ZoneFindingSeverity.Error ? "error" : "warning");
            w.WriteString("rule", finding.Rule);
            w.WriteString("message", finding.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Findings for humans: errors to stderr, warnings to stdout, as <c>file:line: severity [rule] message</c>.</summary>
    public static async Task PrintAsync(CliEnvironment env, IEnumerable<ZoneFinding> findings)
    {
        foreach (var finding in findings)
        {
            await (finding.Severity == ZoneFindingSeverity.Error ? env.Error : env.Output).WriteLineAsync(finding.ToString()).ConfigureAwait(false);
        }
    }
}
