using PacketGuide.Dns.Validation;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>
/// Reports for the output tests (also compiled into the integration tests): hostile names that try to break out of
/// HTML, XML, JSON, Prometheus labels and console markup, every severity, a clean zone, checks not run, and an
/// unreachable server.
/// </summary>
public static class ValidationSamples
{
    /// <summary>Sets <c>window.__pguideXss</c> if a browser ever runs it.</summary>
    public const string HostileZone = "evil<script>window.__pguideXss=true</script>\"'&amp;.example.";

    public const string HostileSubject = "<img src=x onerror=\"window.__pguideXss=true\">.evil.example. A";

    public const string HostileServer = "ns1 \"quoted\" \\back\\slash\nsecond-line";

    public const string HostileMessage = "value 'a' & \"b\" ]]> [red]not markup[/] <b>bold?</b> \u0001control\u001b[31m";

    public static readonly DateTimeOffset Started = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    public static ValidationReport Hostile()
    {
        var evilRun = ValidationChecks.All.Where(c => c != ValidationChecks.Denial && c != ValidationChecks.DsMatch).ToList();
        var evil = new ZoneValidation(HostileZone, [HostileServer, "127.0.0.1:5353"], evilRun,
        [
            new(ValidationChecks.DeclaredServed.Id, ValidationSeverity.Error, HostileZone, HostileServer, HostileSubject, HostileMessage),
            new(ValidationChecks.SoaSerial.Id, ValidationSeverity.Error, HostileZone, "127.0.0.1:5353", "evil.example. SOA", "serial 2026112601 is 2 steps behind 2026112603"),
            new(ValidationChecks.TtlBounds.Id, ValidationSeverity.Warning, HostileZone, null, "<b>www</b>.evil.example. A", "TTL 30 is below the policy's 60"),
            new(ValidationChecks.RrsigValidity.Id, ValidationSeverity.Warning, HostileZone, null, "evil.example. SOA", "RRSIG expires in 3 days 2 hours"),
            new(ValidationChecks.ExtraServed.Id, ValidationSeverity.Info, HostileZone, HostileServer, "extra&more.evil.example. TXT", "served but not declared"),
        ])
        {
            RrsigExpirySeconds = 266_400,
            SerialLag = new Dictionary<string, long> { [HostileServer] = 0, ["127.0.0.1:5353"] = 2 },
            LatencyMs = new Dictionary<string, double> { [HostileServer] = 1.25, ["127.0.0.1:5353"] = 0.5 },
        };

        var clean = new ZoneValidation("example.com.", ["127.0.0.1:5353"], ValidationChecks.All.Where(c => c.Group != "dnssec").ToList(), [])
        {
            SerialLag = new Dictionary<string, long> { ["127.0.0.1:5353"] = 0 },
            LatencyMs = new Dictionary<string, double> { ["127.0.0.1:5353"] = 0.75 },
        };

        return new ValidationReport(Started, TimeSpan.FromSeconds(1.5), [evil, clean]) { Queries = 321 };
    }

    /// <summary>What a real run over three zones looks like (the docs screenshot): a signed zone with a lagging secondary
    /// and signatures expiring soon, a reverse zone with a missing PTR, and a clean zone.</summary>
    public static ValidationReport Realistic()
    {
        const string ns1 = "ns1.example.com (192.0.2.53)", ns2 = "ns2.example.com (198.51.100.53)";
        var all = ValidationChecks.All;
        var com = new ZoneValidation("example.com.", [ns1, ns2], all,
        [
            new(ValidationChecks.SoaSerial.Id, ValidationSeverity.Error, "example.com.", ns2, "example.com. SOA", "serial 2026112601 is 2 steps behind 2026112603 (ns1)"),
            new(ValidationChecks.DeclaredServed.Id, ValidationSeverity.Error, "example.com.", ns2, "api.example.com. A", "declared 192.0.2.20, served 192.0.2.19"),
            new(ValidationChecks.RrsigValidity.Id, ValidationSeverity.Warning, "example.com.", null, "example.com. DNSKEY", "RRSIG expires in 4 days 6 hours (warn below 7 days)"),
            new(ValidationChecks.TargetCname.Id, ValidationSeverity.Warning, "example.com.", null, "example.com. MX", "target mail.example.com. is a CNAME (RFC 2181 10.3)"),
            new(ValidationChecks.ExtraServed.Id, ValidationSeverity.Info, "example.com.", null, "_acme-challenge.example.com. TXT", "served but not declared"),
            new(ValidationChecks.Latency.Id, ValidationSeverity.Info, "example.com.", ns2, "example.com. SOA", "median 41.0 ms over 120 queries"),
        ])
        {
            RrsigExpirySeconds = 367_200,
            SerialLag = new Dictionary<string, long> { [ns1] = 0, [ns2] = 2 },
            LatencyMs = new Dictionary<string, double> { [ns1] = 0.8, [ns2] = 41.0 },
        };
        var reverse = new ZoneValidation("2.0.192.in-addr.arpa.", [ns1], all.Where(c => c.Group != "dnssec").ToList(),
        [
            new(ValidationChecks.PtrMissing.Id, ValidationSeverity.Warning, "2.0.192.in-addr.arpa.", null, "20.2.0.192.in-addr.arpa. PTR", "api.example.com. A 192.0.2.20 has no PTR"),
        ])
        {
            SerialLag = new Dictionary<string, long> { [ns1] = 0 },
            LatencyMs = new Dictionary<string, double> { [ns1] = 0.7 },
        };
        var net = new ZoneValidation("example.net.", [ns1, ns2], all, [])
        {
            RrsigExpirySeconds = 1_900_800,
            SerialLag = new Dictionary<string, long> { [ns1] = 0, [ns2] = 0 },
            LatencyMs = new Dictionary<string, double> { [ns1] = 0.9, [ns2] = 1.4 },
        };
        return new ValidationReport(Started, TimeSpan.FromSeconds(2.41), [com, reverse, net]) { Queries = 1_482 };
    }

    /// <summary>A report whose only zone has a server that did not answer.</summary>
    public static ValidationReport Unreachable() =>
        new(Started, TimeSpan.FromSeconds(2), [
            new ZoneValidation("example.net.", ["127.0.0.1:1"], [ValidationChecks.Reachable],
                [new(ValidationChecks.Reachable.Id, ValidationSeverity.Error, "example.net.", "127.0.0.1:1", "example.net. SOA", "no answer over UDP in 2 s")]),
        ]);

    public static ValidationReport With(params ValidationFinding[] findings) =>
        new(Started, TimeSpan.FromSeconds(1), findings.GroupBy(f => f.Zone, StringComparer.Ordinal)
            .Select(g => new ZoneValidation(g.Key, ["127.0.0.1:5353"], ValidationChecks.All, g.ToList())).ToList());
}
