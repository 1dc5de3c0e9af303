using System.Buffers;
using System.Text;
using System.Text.Json;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.Rules;

namespace PacketGuide.Alerting.State;

/// <summary>
/// What alerting must remember across a restart: the engine's pending and firing alerts and what the planner has told
/// the receivers. Saved in the store after every evaluation that changed it, read back at start. The JSON is written and
/// read by hand (no reflection: Native AOT); a document that cannot be read is refused as a whole with
/// <see cref="FormatException"/>, never half-restored.
/// </summary>
public sealed record AlertingSnapshot(IReadOnlyList<Alert> Active, IReadOnlyList<NotifiedGroup> Groups)
{
    private const int Version = 1;
    private static readonly string[] StateNames = ["pending", "firing", "resolved"];

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteStartArray("active");
            foreach (var alert in Active)
            {
                w.WriteStartObject();
                w.WriteString("key", alert.Key);
                w.WriteString("rule", alert.Rule);
                w.WriteString("kind", AlertRuleDefaults.KindNames.First(k => k.Value == alert.Kind).Key);
                w.WriteString("severity", AlertEngine.Name(alert.Severity));
                w.WriteStartObject("labels");
                foreach (var (name, value) in alert.Labels)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                w.WriteString("summary", alert.Summary);
                WriteIfPresent(w, "description", alert.Description);
                WriteIfPresent(w, "runbookUrl", alert.RunbookUrl);
                w.WriteNumber("value", double.IsFinite(alert.Value) ? alert.Value : 0);
                w.WriteString("state", StateNames[(int)alert.State]);
                w.WriteNumber("activeSince", alert.ActiveSince.ToUnixTimeMilliseconds());
                if (alert.FiredAt is { } fired)
                {
                    w.WriteNumber("firedAt", fired.ToUnixTimeMilliseconds());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var group in Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", group.Group);
                w.WriteNumber("at", group.At.ToUnixTimeMilliseconds());
                w.WriteStartArray("sent");
                foreach (var key in group.Sent)
                {
                    w.WriteStringValue(key);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <exception cref="FormatException">Not a snapshot this version wrote.</exception>
    public static AlertingSnapshot Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != Version)
            {
                throw new FormatException($"alert state version {root.GetProperty("version")} is not {Version}");
            }

            var active = root.GetProperty("active").EnumerateArray().Select(a => new Alert
            {
                Key = Text(a, "key"),
                Rule = Text(a, "rule"),
                Kind = AlertRuleDefaults.KindNames.TryGetValue(Text(a, "kind"), out var kind) ? kind : throw new FormatException($"unknown rule kind '{Text(a, "kind")}'"),
                Severity = AlertEngine.TryParseSeverity(Text(a, "severity"), out var severity) ? severity : throw new FormatException($"unknown severity '{Text(a, "severity")}'"),
                Labels = [.. a.GetProperty("labels").EnumerateObject().Select(l => new KeyValuePair<string, string>(l.Name, l.Value.GetString() ?? ""))],
                Summary = Text(a, "summary"),
                Description = a.TryGetProperty("description", out var d) ? d.GetString() : null,
                RunbookUrl = a.TryGetProperty("runbookUrl", out var r) ? r.GetString() : null,
                Value = a.GetProperty("value").GetDouble(),
                State = Array.IndexOf(StateNames, Text(a, "state")) is var state and >= 0 ? (AlertState)state : throw new FormatException($"unknown state '{Text(a, "state")}'"),
                ActiveSince = DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("activeSince").GetInt64()),
                FiredAt = a.TryGetProperty("firedAt", out var f) ? DateTimeOffset.FromUnixTimeMilliseconds(f.GetInt64()) : null,
            }).ToList();
            var groups = root.GetProperty("groups").EnumerateArray().Select(g => new NotifiedGroup(
                Text(g, "group"),
                DateTimeOffset.FromUnixTimeMilliseconds(g.GetProperty("at").GetInt64()),
                [.. g.GetProperty("sent").EnumerateArray().Select(k => k.GetString() ?? throw new FormatException("a sent key is not a string"))])).ToList();
            return new AlertingSnapshot(active, groups);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new FormatException("not a saved alert state: " + ex.Message, ex);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

    private static void WriteIfPresent(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
