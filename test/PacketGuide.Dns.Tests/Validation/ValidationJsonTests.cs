using System.Text.Json;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>The --json shape: every documented field, hostile strings round-trip exactly, check statuses per zone.</summary>
public sealed class ValidationJsonTests
{
    private static JsonElement Render(ValidationReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            ValidationJson.Write(json, report);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Writes_the_documented_top_level_fields_and_counts()
    {
        var root = Render(ValidationSamples.Hostile());

        Assert.Equal(
            ["version", "started", "durationSeconds", "queries", "worst", "counts", "zones"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("2026-11-26T21:00:00.000Z", root.GetProperty("started").GetString());
        Assert.Equal(1.5, root.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(321, root.GetProperty("queries").GetInt64());
        Assert.Equal("error", root.GetProperty("worst").GetString());
        Assert.Equal("""{"error":2,"warning":2,"info":1}""", root.GetProperty("counts").GetRawText());
    }

    [Fact]
    public void Hostile_strings_round_trip_exactly_and_the_raw_text_holds_no_markup()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ValidationJson.Write(writer, ValidationSamples.Hostile());
        }

        var raw = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("<script", raw, StringComparison.OrdinalIgnoreCase);
        var zone = JsonDocument.Parse(raw).RootElement.GetProperty("zones")[0];
        Assert.Equal(ValidationSamples.HostileZone, zone.GetProperty("zone").GetString());
        Assert.Equal(ValidationSamples.HostileServer, zone.GetProperty("servers")[0].GetString());
        var first = zone.GetProperty("findings")[0];
        Assert.Equal("declared-served", first.GetProperty("check").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(ValidationSamples.HostileServer, first.GetProperty("server").GetString());
        Assert.Equal(ValidationSamples.HostileSubject, first.GetProperty("subject").GetString());
        Assert.Equal(ValidationSamples.HostileMessage, first.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, zone.GetProperty("findings")[2].GetProperty("server").ValueKind);
        Assert.Equal(2, zone.GetProperty("serialLag").GetProperty("127.0.0.1:5353").GetInt64());
        Assert.Equal(1.25, zone.GetProperty("latencyMs").GetProperty(ValidationSamples.HostileServer).GetDouble());
        Assert.Equal(266_400, zone.GetProperty("rrsigExpirySeconds").GetDouble());
    }

    [Fact]
    public void Lists_every_catalogue_check_per_zone_as_passed_failed_or_skipped()
    {
        var zones = Render(ValidationSamples.Hostile()).GetProperty("zones");
        var evil = zones[0].GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        var clean = zones[1];

        Assert.Equal(ValidationChecks.All.Select(c => c.Id), evil.Keys);
        Assert.Equal("failed", evil["declared-served"]);
        Assert.Equal("failed", evil["ttl-bounds"]);
        Assert.Equal("passed", evil["extra-served"]); // info only: a note, not a failure
        Assert.Equal("skipped", evil["denial"]);
        Assert.Equal("passed", evil["glue"]);
        Assert.Equal(JsonValueKind.Null, clean.GetProperty("rrsigExpirySeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, clean.GetProperty("checks")[0].GetProperty("worst").ValueKind);
        Assert.All(clean.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("group").GetString() == "dnssec"),
            c => Assert.Equal("skipped", c.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_finding_of_a_check_that_was_not_listed_as_run_is_kept_and_fails_that_check()
    {
        var report = new ValidationReport(ValidationSamples.Started, TimeSpan.Zero,
            [new ZoneValidation("example.org.", [], [], [new("brand-new-check", ValidationSeverity.Warning, "example.org.", null, "x", "y")])]);

        var checks = Render(report).GetProperty("zones")[0].GetProperty("checks").EnumerateArray().ToList();

        var added = Assert.Single(checks, c => c.GetProperty("id").GetString() == "brand-new-check");
        Assert.Equal("failed", added.GetProperty("status").GetString());
        Assert.Equal(ValidationChecks.All.Count + 1, checks.Count);
    }

    [Fact]
    public void A_clean_report_has_a_null_worst()
    {
        var root = Render(new ValidationReport(ValidationSamples.Started, TimeSpan.Zero, []));

        Assert.Equal(JsonValueKind.Null, root.GetProperty("worst").ValueKind);
        Assert.Equal(0, root.GetProperty("zones").GetArrayLength());
    }
}
