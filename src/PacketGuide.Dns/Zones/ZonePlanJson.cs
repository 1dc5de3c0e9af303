using System.Text.Json;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Plans as JSON: what <c>dns plan --json</c> prints and what <c>--out plan.json</c> saves for <c>dns apply --plan</c>.
/// <code>
/// {"format": "pguide-dns-plan", "version": 1, "zones": [{"zone", "provider", "spec", "owner", "fingerprint",
///   "liveRecordSets", "summary": {"create", "update", "delete", "markers"}, "refusals": [...],
///   "changes": [{"action", "name", "type", "before": {"ttl", "values"} | null, "after": ... }], "markers": [...],
///   "unmanaged": [{"name", "type", "ttl", "values"}], "leftAlone": [{"name", "type", "reason"}]}]}
/// </code>
/// </summary>
public static class ZonePlanJson
{
    private const string Format = "pguide-dns-plan";
    private const int Version = 1;

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ZonePlan> plans)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(plans);
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteNumber("version", Version);
        writer.WriteBoolean("changes", plans.Any(p => p.HasChanges));
        writer.WriteStartArray("zones");
        foreach (var plan in plans)
        {
            writer.WriteStartObject();
            writer.WriteString("zone", plan.Zone);
            writer.WriteString("provider", plan.Provider);
            writer.WriteString("spec", plan.SpecPath);
            writer.WriteString("owner", plan.Owner);
            writer.WriteString("fingerprint", plan.Fingerprint);
            writer.WriteNumber("liveRecordSets", plan.LiveRecordSets);
            writer.WriteStartObject("summary");
            writer.WriteNumber("create", plan.Count(ZoneChangeAction.Create));
            writer.WriteNumber("update", plan.Count(ZoneChangeAction.Update));
            writer.WriteNumber("delete", plan.Count(ZoneChangeAction.Delete));
            writer.WriteNumber("markers", plan.MarkerChanges.Count);
            writer.WriteNumber("unmanaged", plan.Unmanaged.Count);
            writer.WriteBoolean("dnssec", plan.Dnssec is { Changed: true });
            writer.WriteEndObject();
            writer.WriteStartArray("refusals");
            foreach (var refusal in plan.Refusals)
            {
                writer.WriteStringValue(refusal);
            }

            writer.WriteEndArray();
            WriteChanges(writer, "changes", plan.Changes);
            WriteChanges(writer, "markers", plan.MarkerChanges);
            WriteDnssec(writer, plan.Dnssec);
            writer.WriteStartArray("unmanaged");
            foreach (var set in plan.Unmanaged)
            {
                WriteSet(writer, null, set, withName: true);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("leftAlone");
            foreach (var (set, reason) in plan.LeftAlone)
            {
                writer.WriteStartObject();
                writer.WriteString("name", set.Name);
                writer.WriteString("type", set.Type);
                writer.WriteString("reason", reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Plans saved by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">Not a plan file, or one written by another version; the message says which.</exception>
    public static List<ZonePlan> Read(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            {
                throw new FormatException($"{path} is not a plan saved by `pguide dns plan --out` (no \"format\": \"{Format}\").");
            }

            if (root.GetProperty("version").GetInt32() != Version)
            {
                throw new FormatException($"{path} is a plan of format version {root.GetProperty("version")}; this pguide reads version {Version}. Make the plan again.");
            }

            return [.. root.GetProperty("zones").EnumerateArray().Select(zone => new ZonePlan
            {
                Zone = zone.GetProperty("zone").GetString()!,
                Provider = zone.GetProperty("provider").GetString()!,
                SpecPath = zone.GetProperty("spec").GetString()!,
                Owner = zone.GetProperty("owner").GetString()!,
                Fingerprint = zone.GetProperty("fingerprint").GetString()!,
                LiveRecordSets = zone.GetProperty("liveRecordSets").GetInt32(),
                Refusals = [.. zone.GetProperty("refusals").EnumerateArray().Select(r => r.GetString()!)],
                Changes = ReadChanges(zone.GetProperty("changes")),
                MarkerChanges = ReadChanges(zone.GetProperty("markers")),
                Dnssec = zone.TryGetProperty("dnssec", out var dnssec) ? ReadDnssec(dnssec) : null,
            })];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{path} is not a readable plan file ({ex.Message}).", ex);
        }
    }

    /// <summary><c>"dnssec": {"changed", "enabled", "algorithm", "splitKeys", "nsec3": {"iterations", "salt", "optOut"} | null, "actions", "manualStep"}</c></summary>
    private static void WriteDnssec(Utf8JsonWriter writer, ZonePlanDnssec? dnssec)
    {
        if (dnssec is null)
        {
            writer.WriteNull("dnssec");
            return;
        }

        writer.WriteStartObject("dnssec");
        writer.WriteBoolean("changed", dnssec.Changed);
        writer.WriteBoolean("enabled", dnssec.Wanted.Enabled);
        writer.WriteNumber("algorithm", dnssec.Wanted.Algorithm);
        writer.WriteBoolean("splitKeys", dnssec.Wanted.SplitKeys);
        if (dnssec.Wanted.Nsec3 is { } nsec3)
        {
            writer.WriteStartObject("nsec3");
            writer.WriteNumber("iterations", nsec3.Iterations);
            writer.WriteString("salt", nsec3.Salt);
            writer.WriteBoolean("optOut", nsec3.OptOut);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("nsec3");
        }

        writer.WriteStartArray("actions");
        foreach (var action in dnssec.Actions)
        {
            writer.WriteStringValue(action);
        }

        writer.WriteEndArray();
        if (dnssec.ManualStep is { } manual)
        {
            writer.WriteString("manualStep", manual);
        }

        writer.WriteEndObject();
    }

    private static ZonePlanDnssec? ReadDnssec(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var nsec3 = element.GetProperty("nsec3") is { ValueKind: JsonValueKind.Object } n
            ? new Dnssec.Nsec3Settings(n.GetProperty("iterations").GetInt32(), n.GetProperty("salt").GetString()!, n.GetProperty("optOut").GetBoolean())
            : null;
        var wanted = new Dnssec.DnssecSettings(element.GetProperty("enabled").GetBoolean(), element.GetProperty("algorithm").GetInt32(),
            element.GetProperty("splitKeys").GetBoolean(), nsec3);
        return new ZonePlanDnssec(wanted, element.GetProperty("changed").GetBoolean(),
            [.. element.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)],
            element.TryGetProperty("manualStep", out var manual) ? manual.GetString() : null);
    }

    private static void WriteChanges(Utf8JsonWriter writer, string property, IReadOnlyList<ZonePlanChange> changes)
    {
        writer.WriteStartArray(property);
        foreach (var change in changes)
        {
            writer.WriteStartObject();
            writer.WriteString("action", change.Action.ToString().ToLowerInvariant());
            writer.WriteString("name", change.Name);
            writer.WriteString("type", change.Type);
            WriteSet(writer, "before", change.Before, withName: false);
            WriteSet(writer, "after", change.After, withName: false);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSet(Utf8JsonWriter writer, string? property, DnsRecordSet? set, bool withName)
    {
        if (property is not null)
        {
            writer.WritePropertyName(property);
        }

        if (set is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        if (withName)
        {
            writer.WriteString("name", set.Name);
            writer.WriteString("type", set.Type);
        }

        writer.WriteNumber("ttl", set.Ttl);
        writer.WriteStartArray("values");
        foreach (var value in set.Values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static List<ZonePlanChange> ReadChanges(JsonElement array) =>
    [
        .. array.EnumerateArray().Select(c =>
        {
            var name = c.GetProperty("name").GetString()!;
            var type = c.GetProperty("type").GetString()!;
            DnsRecordSet? Set(string property) => c.GetProperty(property) is { ValueKind: JsonValueKind.Object } s
                ? new DnsRecordSet(name, type, s.GetProperty("ttl").GetInt32(), [.. s.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)])
                : null;
            var action = c.GetProperty("action").GetString() switch
            {
                "create" => ZoneChangeAction.Create,
                "update" => ZoneChangeAction.Update,
                "delete" => ZoneChangeAction.Delete,
                var other => throw new FormatException($"unknown action '{other}'"),
            };
            return new ZonePlanChange(action, Set("before"), Set("after"));
        }),
    ];
}
