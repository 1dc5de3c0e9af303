using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using Spectre.Console;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// <c>pguide dns record list|get|set|add|remove|delete</c>: reads pguide.yaml, builds the provider and calls
/// <see cref="DnsRecordEditor"/>. Checks (<see cref="RecordInput"/>) run before anything is sent.
/// </summary>
internal static class DnsRecordCommand
{
    private const string Help =
        "Providers are named in pguide.yaml (dns.providers; --config, else ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml),\n" +
        "their secrets as env:NAME or file:/path. Names without a trailing dot are relative to --zone when given; otherwise\n" +
        "the zone is the provider's longest zone that holds the name. Values are zone-file text: '10 mail.example.com.',\n" +
        "plain TXT text is quoted for you. Exit codes: 0 done (or nothing to do), 2 usage error, invalid value or refused\n" +
        "by the server (the message says why), 3 provider unreachable.";

    public static Command Create(CliEnvironment env)
    {
        var options = new RecordOptions();
        var record = new Command("record",
            "Read and change records through a provider (PowerDNS HTTP API, or RFC 2136 dynamic update with TSIG), checked before anything is sent.\n" +
            "Examples:\n" +
            "  pguide dns record list example.com\n" +
            "  pguide dns record set www.example.com A 192.0.2.10 192.0.2.11 --ttl 300 --ptr\n" +
            "  pguide dns record add example.com MX '10 mail.example.com.'\n" +
            "  pguide dns record remove www.example.com A 192.0.2.11 --dry-run\n" +
            "  pguide dns record delete old.example.com AAAA\n" +
            "  pguide dns record apply-file hosts.csv --provider bind-primary    # name,type,ttl,value a line\n" + Help);
        options.AddTo(record);

        var zoneArgument = new Argument<string>("ZONE") { Description = "The zone, e.g. example.com." };
        var list = new Command("list", "Every RRset of a zone.") { zoneArgument };
        list.SetAction((parse, ct) => RunAsync(env, options, parse, "list", async (editor, provider, json, console, token) =>
        {
            var zone = Absolute(parse.GetValue(zoneArgument)!);
            var sets = await provider.ListAsync(zone, token).ConfigureAwait(false);
            return json ? Json(w => { w.WriteString("zone", zone); WriteSets(w, "rrsets", sets); }) : Table(console, sets);
        }, ct));

        var nameArgument = new Argument<string>("NAME") { Description = "Owner name: www.example.com, or www with --zone." };
        var typeArgument = new Argument<string>("TYPE") { Description = "Record type: A, AAAA, CNAME, MX, TXT, SRV, CAA, NS, PTR, ..." };
        var optionalType = new Argument<string?>("TYPE") { Description = "Only this type.", Arity = ArgumentArity.ZeroOrOne };
        var valuesArgument = new Argument<string[]>("VALUE") { Description = "One or more values.", Arity = ArgumentArity.OneOrMore };

        var get = new Command("get", "The RRsets at a name (or one of them).") { nameArgument, optionalType };
        get.SetAction((parse, ct) => RunAsync(env, options, parse, "get", async (editor, provider, json, console, token) =>
        {
            var (zone, owner) = await LocateAsync(editor, options, parse, parse.GetValue(nameArgument)!, token).ConfigureAwait(false);
            var type = parse.GetValue(optionalType)?.ToUpperInvariant();
            var sets = (await provider.ListAsync(zone, token).ConfigureAwait(false))
                .Where(s => string.Equals(s.Name, owner, StringComparison.OrdinalIgnoreCase) && (type is null || s.Type == type)).ToList();
            return json ? Json(w => { w.WriteString("zone", zone); WriteSets(w, "rrsets", sets); }) : Table(console, sets);
        }, ct));

        foreach (var (verb, description) in new[]
                 {
                     ("set", "Make NAME/TYPE exactly these values (replace the RRset). Nothing is sent when the server already matches."),
                     ("add", "Add values to NAME/TYPE (creating it); values already there stay."),
                     ("remove", "Remove values from NAME/TYPE; the RRset goes with its last value."),
                 })
        {
            var command = new Command(verb, description) { nameArgument, typeArgument, valuesArgument };
            command.SetAction((parse, ct) => RunAsync(env, options, parse, verb, async (editor, provider, json, console, token) =>
            {
                var (zone, owner) = await LocateAsync(editor, options, parse, parse.GetValue(nameArgument)!, token).ConfigureAwait(false);
                var type = parse.GetValue(typeArgument)!.ToUpperInvariant();
                if (!DnsRecordTypes.TryParse(type, out _))
                {
                    throw new RecordUsageException($"'{type}' is not a record type.");
                }

                if (!RecordInput.TryValues(type, parse.GetValue(valuesArgument) ?? [], out var values, out var valueError))
                {
                    throw new RecordUsageException(valueError);
                }

                var ttl = parse.GetValue(options.Ttl);
                if (ttl is { } t && !RecordInput.TryTtl(t, out var ttlError))
                {
                    throw new RecordUsageException(ttlError!);
                }

                var dryRun = parse.GetValue(options.DryRun);
                var edit = verb switch
                {
                    "set" => await editor.SetAsync(zone, owner, type, values, ttl, dryRun, token).ConfigureAwait(false),
                    "add" => await editor.AddAsync(zone, owner, type, values, ttl, dryRun, token).ConfigureAwait(false),
                    _ => await editor.RemoveAsync(zone, owner, type, values, dryRun, token).ConfigureAwait(false),
                };
                var ptrs = parse.GetValue(options.Ptr) ? await editor.SyncPtrAsync(edit, dryRun, token).ConfigureAwait(false) : [];
                return Report(console, json, zone, owner, type, edit, dryRun, ptrs);
            }, ct));
            record.Subcommands.Add(command);
        }

        var delete = new Command("delete", "Delete the RRset NAME/TYPE.") { nameArgument, typeArgument };
        delete.SetAction((parse, ct) => RunAsync(env, options, parse, "delete", async (editor, provider, json, console, token) =>
        {
            var (zone, owner) = await LocateAsync(editor, options, parse, parse.GetValue(nameArgument)!, token).ConfigureAwait(false);
            var type = parse.GetValue(typeArgument)!.ToUpperInvariant();
            var dryRun = parse.GetValue(options.DryRun);
            var edit = await editor.DeleteAsync(zone, owner, type, dryRun, token).ConfigureAwait(false);
            var ptrs = parse.GetValue(options.Ptr) ? await editor.SyncPtrAsync(edit, dryRun, token).ConfigureAwait(false) : [];
            return Report(console, json, zone, owner, type, edit, dryRun, ptrs);
        }, ct));

        var fileArgument = new Argument<string>("FILE")
        {
            Description = "CSV (name,type,ttl,value a line; rows with the same name and type form one RRset; '-' for stdin) or .yaml (records: [{name, type, ttl, values}]).",
        };
        var apply = new Command("apply-file",
            "Set many RRsets at once: every row is checked first (errors name the line), then each zone gets one request\n" +
            "(PowerDNS: one PATCH; RFC 2136: UPDATE messages of up to 63 KB each, over TCP), with a progress bar on a terminal.\n" +
            "RRsets not in the file are left alone.\n" +
            "--dry-run reads the zones and says how many RRsets would change.") { fileArgument };
        apply.SetAction((parse, ct) => RunAsync(env, options, parse, "apply-file", async (editor, provider, json, console, token) =>
        {
            var path = parse.GetValue(fileArgument)!;
            IEnumerable<string> lines;
            try
            {
                lines = path == "-"
                    ? (await new StreamReader(env.OpenStandardInput()).ReadToEndAsync(token).ConfigureAwait(false)).Split('\n')
                    : await File.ReadAllLinesAsync(path, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RecordUsageException($"{path}: cannot read it ({ex.Message}).");
            }

            var zones = parse.GetValue(options.Zone) is { } only ? [Absolute(only)] : await provider.ZonesAsync(token).ConfigureAwait(false);
            var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            var (sets, errors) = yaml ? RecordFile.ReadYaml(string.Join('\n', lines), zones, path) : RecordFile.Read(lines, zones, path);
            if (errors.Count > 0)
            {
                throw new RecordUsageException($"{errors.Count} invalid row(s), nothing sent:\n  " + string.Join("\n  ", errors.Take(20)) +
                    (errors.Count > 20 ? $"\n  ... and {errors.Count - 20} more" : ""));
            }

            var dryRun = parse.GetValue(options.DryRun);
            var groups = sets.GroupBy(s => s.Zone).Select(g => (Zone: g.Key, Wanted: g.Select(s => s.Set).ToList())).ToList();
            Task ApplyZoneAsync(string zone, List<DnsRecordSet> wanted, IProgress<int>? progress) =>
                provider.ApplyAsync(zone, [.. wanted.Select(w => new DnsChange(DnsChangeKind.Replace, w))], new DnsApplyOptions { Progress = progress }, token);
            var results = new List<(string Zone, int RRsets, int Changed)>();
            if (dryRun)
            {
                foreach (var (zone, wanted) in groups)
                {
                    var current = await provider.ListAsync(zone, token).ConfigureAwait(false);
                    results.Add((zone, wanted.Count, wanted.Count(w => !current.Any(c => c.SameAs(w)))));
                }
            }
            else if (!json && console.Profile.Capabilities.Interactive)
            {
                // On a terminal: a bar per zone, advanced after each request (RFC 2136 sends up to 63 KB a message).
                await console.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var bars = groups.Select(g => context.AddTask(Markup.Escape(g.Zone), autoStart: false, maxValue: g.Wanted.Count)).ToList();
                        for (var i = 0; i < groups.Count; i++)
                        {
                            var bar = bars[i];
                            bar.StartTask();
                            await ApplyZoneAsync(groups[i].Zone, groups[i].Wanted, new ReportTo(sent => bar.Value = sent)).ConfigureAwait(false);
                            results.Add((groups[i].Zone, groups[i].Wanted.Count, groups[i].Wanted.Count));
                        }
                    }).ConfigureAwait(false);
            }
            else
            {
                foreach (var (zone, wanted) in groups)
                {
                    await ApplyZoneAsync(zone, wanted, null).ConfigureAwait(false);
                    results.Add((zone, wanted.Count, wanted.Count));
                }
            }

            if (!json)
            {
                foreach (var (zone, count, changed) in results)
                {
                    console.MarkupLine(Markup.Escape(dryRun
                        ? string.Create(CultureInfo.InvariantCulture, $"{zone}: {changed} of {count} RRsets would change")
                        : string.Create(CultureInfo.InvariantCulture, $"{zone}: {count} RRsets set")));
                }
            }

            return json
                ? Json(w =>
                {
                    w.WriteBoolean("dryRun", dryRun);
                    w.WriteStartArray("zones");
                    foreach (var (zone, count, changed) in results)
                    {
                        w.WriteStartObject();
                        w.WriteString("zone", zone);
                        w.WriteNumber("rrsets", count);
                        w.WriteNumber(dryRun ? "wouldChange" : "sent", dryRun ? changed : count);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                })
                : null;
        }, ct));

        record.Subcommands.Insert(0, list);
        record.Subcommands.Insert(1, get);
        record.Subcommands.Add(delete);
        record.Subcommands.Add(apply);
        return record;
    }

    private static async Task<int> RunAsync(CliEnvironment env, RecordOptions options, ParseResult parse, string verb,
        Func<DnsRecordEditor, IDnsProvider, bool, IAnsiConsole, CancellationToken, Task<string?>> run, CancellationToken cancellationToken)
    {
        var name = $"dns record {verb}";
        try
        {
            using var providers = await CliDnsProviders.LoadAsync(parse.GetValue(options.Config), parse.GetValue(options.Timeout), env, cancellationToken).ConfigureAwait(false);
            var (_, provider) = providers.Get(parse.GetValue(options.Provider), null, "records");
            var text = await run(new DnsRecordEditor(provider), provider, parse.GetValue(options.Json), ConsoleFactory.Create(env), cancellationToken).ConfigureAwait(false);
            if (text is not null)
            {
                await env.Output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is RecordUsageException or DnsCommandException or DnsConfigException)
        {
            return await CommandFailure.UsageAsync(env, name, ex.Message).ConfigureAwait(false);
        }
        catch (DnsProviderException ex)
        {
            return await CommandFailure.ProviderAsync(env, name, ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The zone and the absolute owner name: --zone makes relative names work; otherwise the provider's zones decide.</summary>
    private static async Task<(string Zone, string Owner)> LocateAsync(DnsRecordEditor editor, RecordOptions options, ParseResult parse, string name,
        CancellationToken cancellationToken)
    {
        var zone = parse.GetValue(options.Zone) is { } z ? Absolute(z)
            : await editor.ZoneOfAsync(Absolute(name), cancellationToken).ConfigureAwait(false)
                ?? throw new RecordUsageException($"no zone of the provider holds {Absolute(name)}; give --zone, or check the name.");
        if (!RecordInput.TryOwner(zone, parse.GetValue(options.Zone) is null ? Absolute(name) : name, out var owner, out var error))
        {
            throw new RecordUsageException(error);
        }

        return (zone, owner);
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name.ToLowerInvariant() : name.ToLowerInvariant() + ".";

    private static string? Report(IAnsiConsole console, bool json, string zone, string owner, string type, DnsEdit edit, bool dryRun,
        IReadOnlyList<DnsEdit> ptrs)
    {
        if (json)
        {
            return Json(w =>
            {
                w.WriteString("zone", zone);
                w.WriteString("name", owner);
                w.WriteString("type", type);
                w.WriteBoolean("changed", edit.Changed);
                w.WriteBoolean("dryRun", dryRun);
                WriteSet(w, "before", edit.Before);
                WriteSet(w, "after", edit.After);
                w.WriteStartArray("ptr");
                foreach (var ptr in ptrs)
                {
                    w.WriteStartObject();
                    w.WriteBoolean("changed", ptr.Changed);
                    WriteSet(w, "before", ptr.Before);
                    WriteSet(w, "after", ptr.After);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }


        string Describe(DnsRecordSet? s) => s is null ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"ttl {s.Ttl}: {string.Join(", ", s.Values)}");
        var what = Markup.Escape($"{owner} {type}");
        if (!edit.Changed)
        {
            console.MarkupLine($"[green]no change[/]: {what} already {Markup.Escape(Describe(edit.Before))}");
        }
        else
        {
            console.MarkupLine($"{(dryRun ? "[yellow]would change[/]" : "[green]changed[/]")}: {what}");
            console.MarkupLine($"  before {Markup.Escape(Describe(edit.Before))}");
            console.MarkupLine($"  after  {Markup.Escape(Describe(edit.After))}");
        }

        foreach (var ptr in ptrs.Where(p => p.Changed))
        {
            var name = (ptr.After ?? ptr.Before)!.Name;
            console.MarkupLine(Markup.Escape($"{(dryRun ? "would change" : "changed")} PTR {name}: {(ptr.After is null ? "removed" : string.Join(", ", ptr.After.Values))}"));
        }

        return null;
    }

    private static string? Table(IAnsiConsole console, IReadOnlyList<DnsRecordSet> sets)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn(new TableColumn("TTL").RightAligned()).AddColumn("Type").AddColumn("Value");
        foreach (var set in sets.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal))
        {
            foreach (var value in set.Values)
            {
                table.AddRow(new Text(set.Name), new Text(set.Ttl.ToString(CultureInfo.InvariantCulture)), new Text(set.Type), new Text(value));
            }
        }

        console.Write(table);
        return null;
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Indented))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSets(Utf8JsonWriter w, string name, IEnumerable<DnsRecordSet> sets)
    {
        w.WriteStartArray(name);
        foreach (var set in sets)
        {
            WriteSetValue(w, set);
        }

        w.WriteEndArray();
    }

    private static void WriteSet(Utf8JsonWriter w, string name, DnsRecordSet? set)
    {
        w.WritePropertyName(name);
        if (set is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteSetValue(w, set);
        }
    }

    private static void WriteSetValue(Utf8JsonWriter w, DnsRecordSet set)
    {
        w.WriteStartObject();
        w.WriteString("name", set.Name);
        w.WriteString("type", set.Type);
        w.WriteNumber("ttl", set.Ttl);
        JsonOutput.WriteStringArray(w, "values", set.Values);
        w.WriteEndObject();
    }

    /// <summary>A usage or input error found before anything was sent.</summary>
    private sealed class RecordUsageException(string message) : Exception(message);

    /// <summary>Options every record subcommand takes.</summary>
    private sealed class RecordOptions
    {
        public Option<string> Config { get; } = new("--config") { Description = "pguide.yaml to read the providers from.", Recursive = true };

        public Option<string> Provider { get; } = new("--provider") { Description = "The provider's name in pguide.yaml (needed when it names several).", Recursive = true };

        public Option<string> Zone { get; } = new("--zone") { Description = "The zone; NAME may then be relative (www, @).", Recursive = true };

        public Option<int?> Ttl { get; } = new("--ttl") { Description = "TTL in seconds for set/add (default: the RRset's current TTL, else 3600).", Recursive = true };

        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Say what would change; send nothing.", Recursive = true };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON: {zone, name, type, changed, dryRun, before, after} or {zone, rrsets}.", Recursive = true };

        public Option<bool> Ptr { get; } = new("--ptr") { Description = "With A/AAAA: keep the PTR of each added or removed address in step (reverse zones must be the provider's).", Recursive = true };

        public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for the provider.", DefaultValueFactory = _ => 15, Recursive = true };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Config, Provider, Zone, Ttl, DryRun, Json, Ptr, Timeout })
            {
                command.Options.Add(option);
            }
        }
    }
}
