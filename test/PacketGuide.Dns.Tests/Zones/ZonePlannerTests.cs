using System.Text.Json;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Tests.Zones;

public sealed class ZonePlannerTests
{
    private static ZoneSpec Spec(string records, string extra = "")
    {
        var (spec, findings) = ZoneSpecReader.Read($"zone: example.com\nttl: 300\n{extra}records:\n{records}", "zones/example.com.yaml");
        Assert.True(spec is not null, string.Join("\n", findings));
        return spec;
    }

    private static DnsRecordSet Set(string name, string type, params string[] values) => new(name, type, 300, values);

    private static DnsRecordSet Marker(string name, string types, string owner = "pguide") =>
        new(OwnershipMarkers.NameFor(name), "TXT", 300, [$"\"heritage=pguide,owner={owner},types={types}\""]);

    [Fact]
    public void Creates_updates_and_deletes_only_what_it_manages()
    {
        var spec = Spec("""
              - {name: www, type: A, value: 192.0.2.10}
              - {name: new, type: AAAA, value: "2001:db8::1"}
              - {name: same, type: MX, value: 10 www.example.com}
            """);
        DnsRecordSet[] live =
        [
            new("example.com.", "SOA", 300, ["ns1.example.com. h.example.com. 1 3600 600 86400 300"]),
            Set("example.com.", "NS", "ns1.example.com."),
            Set("www.example.com.", "A", "192.0.2.9"),
            Set("same.example.com.", "MX", "10 WWW.example.com."),
            Set("old.example.com.", "A", "192.0.2.8"),
            Marker("old.example.com.", "A"),
            Set("manual.example.com.", "A", "192.0.2.7"),
        ];

        var plan = ZonePlanner.Plan(spec, "p", live);

        Assert.Equal(["delete old.example.com. A", "create new.example.com. AAAA", "update www.example.com. A"],
            plan.Changes.Select(c => $"{c.Action.ToString().ToLowerInvariant()} {c.Name} {c.Type}"));
        Assert.Equal(["example.com. NS", "manual.example.com. A"], plan.Unmanaged.Select(s => $"{s.Name} {s.Type}"));
        Assert.Equal(["create _pguide.new.example.com.", "create _pguide.same.example.com.", "create _pguide.www.example.com.", "delete _pguide.old.example.com."],
            plan.MarkerChanges.Select(c => $"{c.Action.ToString().ToLowerInvariant()} {c.Name}"));
        Assert.Empty(plan.Refusals);
    }

    [Fact]
    public void Applying_the_plan_leaves_nothing_to_do()
    {
        var spec = Spec("  - {name: www, type: A, values: [192.0.2.10, 192.0.2.11]}\n  - {name: www, type: TXT, value: hi}\n");
        var first = ZonePlanner.Plan(spec, "p", []);
        var live = first.Changes.Concat(first.MarkerChanges).Select(c => c.After!).ToList();

        var second = ZonePlanner.Plan(spec, "p", live);

        Assert.False(second.HasChanges);
        Assert.Equal(["\"heritage=pguide,owner=pguide,types=A+TXT\""], first.MarkerChanges.Single().After!.Values);
    }

    [Fact]
    public void Ignored_external_dns_and_other_owners_records_are_left_alone()
    {
        var spec = Spec("  - {name: k8s, type: A, value: 192.0.2.1}\n", "ignore: [\"_acme-challenge.*\"]\n");
        DnsRecordSet[] live =
        [
            Set("_acme-challenge.www.example.com.", "TXT", "\"token\""),
            Marker("_acme-challenge.www.example.com.", "TXT"),
            Set("k8s.example.com.", "TXT", "\"heritage=external-dns,external-dns/owner=default\""),
            Set("k8s.example.com.", "A", "192.0.2.99"),
            Set("a-api.example.com.", "TXT", "\"heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/x\""),
            Set("api.example.com.", "A", "192.0.2.98"),
            Set("team.example.com.", "A", "192.0.2.97"),
            Marker("team.example.com.", "A", owner: "other-team"),
        ];

        var plan = ZonePlanner.Plan(spec, "p", live);

        Assert.Empty(plan.Changes);
        Assert.Contains(plan.LeftAlone, l => l.Set.Name == "k8s.example.com." && l.Set.Type == "A" && l.Reason.StartsWith("declared, but owned by external-dns", StringComparison.Ordinal));
        Assert.Contains(plan.LeftAlone, l => l.Set.Name == "api.example.com." && l.Reason.Contains("external-dns", StringComparison.Ordinal));
        Assert.Contains(plan.LeftAlone, l => l.Set.Name == "_acme-challenge.www.example.com." && l.Reason.Contains("ignore", StringComparison.Ordinal));
        Assert.Contains(plan.LeftAlone, l => l.Set.Name == "team.example.com." && l.Reason.Contains("other-team", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.MarkerChanges, c => c.Action == ZoneChangeAction.Delete);
    }

    [Fact]
    public void Safety_limits_name_the_threshold_and_root_ns_always_needs_force()
    {
        var spec = Spec(string.Concat(Enumerable.Range(0, 4).Select(i => $"  - {{name: h{i}, type: A, value: 192.0.2.{i + 100}}}\n"))
            + "  - {name: \"@\", type: NS, value: ns9.example.net}\n");
        var live = Enumerable.Range(0, 10).SelectMany(i => new[] { Set($"h{i}.example.com.", "A", $"192.0.2.{i}"), Marker($"h{i}.example.com.", "A") }).ToList();

        var plan = ZonePlanner.Plan(spec, "p", live);

        Assert.Equal((4, 6, 1), (plan.Count(ZoneChangeAction.Update), plan.Count(ZoneChangeAction.Delete), plan.Count(ZoneChangeAction.Create)));
        Assert.Equal(3, plan.Refusals.Count);
        Assert.Contains("4 of 10 RRsets (40 %) would be updated; the limit is 30 % (safety.max-update-percent in zones/example.com.yaml)", plan.Refusals[0], StringComparison.Ordinal);
        Assert.Contains("6 of 10 RRsets (60 %) would be deleted", plan.Refusals[1], StringComparison.Ordinal);
        Assert.Contains("own NS RRset", plan.Refusals[2], StringComparison.Ordinal);

        var small = ZonePlanner.Plan(spec, "p", live.Take(8).ToList());
        Assert.Single(small.Refusals); // 4 RRsets: below the minimum of 10, only the NS rule applies
    }

    [Fact]
    public void A_saved_plan_reads_back_the_same_and_other_files_are_refused()
    {
        var spec = Spec("  - {name: www, type: A, value: 192.0.2.10}\n");
        var plan = ZonePlanner.Plan(spec, "pdns", [Set("www.example.com.", "A", "192.0.2.9"), Set("gone.example.com.", "A", "192.0.2.1"), Marker("gone.example.com.", "A")]);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ZonePlanJson.Write(writer, [plan]);
        }

        var read = Assert.Single(ZonePlanJson.Read(System.Text.Encoding.UTF8.GetString(stream.ToArray()), "plan.json"));

        Assert.Equal((plan.Zone, plan.Provider, plan.Fingerprint, plan.Owner), (read.Zone, read.Provider, read.Fingerprint, read.Owner));
        Assert.Equal(plan.Changes.Select(c => (c.Action, c.Before?.ToString(), c.After?.ToString())), read.Changes.Select(c => (c.Action, c.Before?.ToString(), c.After?.ToString())));
        Assert.Equal(plan.MarkerChanges.Count, read.MarkerChanges.Count);
        Assert.Throws<FormatException>(() => ZonePlanJson.Read("{\"zones\": []}", "x.json"));
        Assert.Throws<FormatException>(() => ZonePlanJson.Read("not json", "x.json"));
        Assert.Throws<FormatException>(() => ZonePlanJson.Read("{\"format\": \"pguide-dns-plan\", \"version\": 9, \"zones\": []}", "x.json"));
    }

    [Fact]
    public void The_fingerprint_ignores_order_and_value_spelling_but_not_content()
    {
        DnsRecordSet[] a = [Set("a.example.com.", "A", "192.0.2.1", "192.0.2.2"), Set("b.example.com.", "MX", "10 X.example.com.")];
        DnsRecordSet[] b = [Set("b.example.com.", "MX", "10 x.example.com."), Set("A.example.com.", "A", "192.0.2.2", "192.0.2.1")];
        DnsRecordSet[] c = [Set("a.example.com.", "A", "192.0.2.1"), Set("b.example.com.", "MX", "10 x.example.com.")];

        Assert.Equal(ZonePlanner.Fingerprint(a), ZonePlanner.Fingerprint(b));
        Assert.NotEqual(ZonePlanner.Fingerprint(a), ZonePlanner.Fingerprint(c));
    }

    [Theory]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"", "0 issue letsencrypt.org", true)]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"", "0 issue \"pki.goog\"", false)]
    [InlineData("MX", "10 Mail.Example.com.", "10  mail.example.com.", true)]
    [InlineData("AAAA", "2001:DB8:0::1", "2001:db8::1", true)]
    [InlineData("TXT", "\"Case\"", "\"case\"", false)]
    [InlineData("TXT", "\"a;b (c)\" \"d\"", "\"a\\;b \\(c\\)\" \"d\"", true)]
    [InlineData("TXT", "\"A\"", "\"\\065\"", true)]
    [InlineData("TXT", "\"ab\"", "\"a\" \"b\"", false)]
    [InlineData("TXT", "\"caf\u00e9 \ud83d\ude00\"", "\"caf\\195\\169 \\240\\159\\152\\128\"", true)]
    [InlineData("SSHFP", "1 2 ABCDEF12", "1 2 abcdef12", true)]
    public void Values_compare_as_the_server_means_them(string type, string a, string b, bool same) =>
        Assert.Equal(same, RecordValues.Key(type, a) == RecordValues.Key(type, b));

    [Theory]
    [InlineData("_acme-challenge.*", "_acme-challenge.www.example.com.", true)]
    [InlineData("_acme-challenge.*", "_acme-challenge.example.com.", false)]
    [InlineData("_acme-challenge", "_acme-challenge.example.com.", true)]
    [InlineData("@", "example.com.", true)]
    [InlineData("k8s-*", "K8S-web.example.com.", true)]
    [InlineData("*.example.net.", "a.example.net.", true)]
    [InlineData("*.example.net.", "a.example.com.", false)]
    [InlineData("a*b*c", "axxbyyc.example.com.", true)]
    [InlineData("a*b*c", "axxbyy.example.com.", false)]
    public void Ignore_patterns_match_relative_or_absolute_names(string pattern, string name, bool matches) =>
        Assert.Equal(matches, NamePattern.IsMatch(pattern, name, "example.com."));
}
