using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Rules;
using PacketGuide.Dhcp;

namespace PacketGuide.Alerting.Tests;

public sealed class AlertEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    private AlertEngine Engine(params AlertRule[] rules) => new(rules, _time);

    private static AlertRule Rule(AlertRuleKind kind, Func<AlertRule, AlertRule>? change = null)
    {
        var rule = AlertRuleDefaults.For(kind, kind.ToString().ToLowerInvariant());
        return change is null ? rule : change(rule);
    }

    private LeaseEvent Event(DhcpMessageKind kind, string subnet, DateTimeOffset? time = null) => new()
    {
        Time = time ?? _time.GetUtcNow(),
        Server = "kea-dhcp4",
        Kind = kind,
        Ip = IPAddress.Parse("10.0.0.5"),
        Subnet = subnet,
        Source = new SourceLocation("kea.log", 1),
    };

    private static AlertInputs Use(string subnet, double ratio) => new() { Subnets = [new SubnetUse(subnet, (long)(ratio * 100), (UInt128)100, ratio)] };

    [Fact]
    public void Utilization_is_pending_for_the_rules_for_then_fires_and_resolves_only_below_the_clear_level()
    {
        var engine = Engine(Rule(AlertRuleKind.PoolUtilization, r => r with { Threshold = 0.8, Clear = 0.75, For = TimeSpan.FromMinutes(5) }));

        var first = engine.Evaluate(Use("10.0.0.0/24", 0.85));
        Assert.Empty(first.Fired);
        Assert.Equal(AlertState.Pending, Assert.Single(first.Active).State);

        _time.Advance(TimeSpan.FromMinutes(5));
        var fired = Assert.Single(engine.Evaluate(Use("10.0.0.0/24", 0.82)).Fired);
        Assert.Equal(("poolutilization|subnet=10.0.0.0/24", AlertState.Firing), (fired.Key, fired.State));
        Assert.Equal("Subnet 10.0.0.0/24 is 82% full (threshold 80%)", fired.Summary);
        Assert.Equal("82 of 100 addresses are assigned. Add a pool, shorten the lease time, or find what holds the addresses.", fired.Description);
        Assert.Equal([("alertname", "poolutilization"), ("severity", "warning"), ("subnet", "10.0.0.0/24")], fired.Labels.Select(l => (l.Key, l.Value)));

        // Between the clear level and the threshold: still firing, nothing new to say.
        _time.Advance(TimeSpan.FromMinutes(1));
        var between = engine.Evaluate(Use("10.0.0.0/24", 0.77));
        Assert.Empty(between.Fired);
        Assert.Empty(between.Resolved);
        Assert.Equal(Start.AddMinutes(5), Assert.Single(between.Active).FiredAt);

        _time.Advance(TimeSpan.FromMinutes(1));
        var resolved = Assert.Single(engine.Evaluate(Use("10.0.0.0/24", 0.70)).Resolved);
        Assert.Equal((AlertState.Resolved, Start.AddMinutes(7)), (resolved.State, resolved.ResolvedAt));
        Assert.Empty(engine.Active);
    }

    [Fact]
    public void A_condition_that_goes_away_before_its_for_never_fires_nor_resolves()
    {
        var engine = Engine(Rule(AlertRuleKind.PoolUtilization, r => r with { For = TimeSpan.FromMinutes(5) }));

        engine.Evaluate(Use("10.0.0.0/24", 0.9));
        _time.Advance(TimeSpan.FromMinutes(4));
        var after = engine.Evaluate(Use("10.0.0.0/24", 0.5));

        Assert.Empty(after.Fired);
        Assert.Empty(after.Resolved);
        Assert.Empty(after.Active);
    }

    [Fact]
    public void Allocation_failures_fire_per_subnet_and_resolve_when_the_window_has_passed()
    {
        var engine = Engine(Rule(AlertRuleKind.AllocationFailure, r => r with { Window = TimeSpan.FromMinutes(5) }));
        engine.Observe(Event(DhcpMessageKind.AllocationFailed, "10.78.0.0/24"), null);
        engine.Observe(Event(DhcpMessageKind.AllocationFailed, "10.78.0.0/24"), null);
        engine.Observe(Event(DhcpMessageKind.Ack, "10.77.0.0/22"), null);

        var fired = Assert.Single(engine.Evaluate(new AlertInputs()).Fired);
        Assert.Equal(("10.78.0.0/24", 2), (fired.Label("subnet"), fired.Value));
        Assert.Equal(AlertSeverity.Critical, fired.Severity);
        Assert.Equal("Subnet 10.78.0.0/24: 2 client(s) got no address in 5m (pool exhausted)", fired.Summary);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(engine.Evaluate(new AlertInputs()).Resolved);
        _time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(fired.Key, Assert.Single(engine.Evaluate(new AlertInputs()).Resolved).Key);
    }

    [Fact]
    public void A_window_shorter_than_two_buckets_still_covers_its_whole_length()
    {
        // 20 s spans two 15-second buckets: an event 14 s ago, in the bucket before the current one, is inside it.
        _time.Advance(TimeSpan.FromSeconds(14)); // Start is on a bucket boundary: now is 14 s into the first bucket
        var engine = Engine(Rule(AlertRuleKind.AllocationFailure, r => r with { Window = TimeSpan.FromSeconds(20) }));
        engine.Observe(Event(DhcpMessageKind.AllocationFailed, "10.78.0.0/24"), null);

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Single(engine.Evaluate(new AlertInputs()).Fired);
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Single(engine.Evaluate(new AlertInputs()).Resolved);
    }

    [Fact]
    public void The_subnet_resolver_names_events_the_log_left_without_one()
    {
        var engine = Engine(Rule(AlertRuleKind.Decline));
        engine.Observe([Event(DhcpMessageKind.Decline, "")], _ => "10.77.0.0/22");
        engine.Observe(Event(DhcpMessageKind.Decline, ""), null);

        var fired = engine.Evaluate(new AlertInputs()).Fired;
        Assert.Equal(["10.77.0.0/22", "unknown"], fired.Select(a => a.Label("subnet")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Events_from_a_log_read_from_its_start_do_not_fire_alerts_about_the_past()
    {
        var engine = Engine(Rule(AlertRuleKind.Decline), Rule(AlertRuleKind.NakRate, r => r with { Threshold = 1 }));
        engine.Observe(Event(DhcpMessageKind.Decline, "10.0.0.0/24", Start.AddHours(-3)), null);
        engine.Observe(Event(DhcpMessageKind.Nak, "10.0.0.0/24", Start.AddMinutes(-20)), null);

        Assert.Empty(engine.Evaluate(new AlertInputs()).Active);
    }

    [Fact]
    public void A_nak_rate_fires_at_its_threshold_only()
    {
        var engine = Engine(Rule(AlertRuleKind.NakRate, r => r with { Threshold = 3 }));
        engine.Observe(Event(DhcpMessageKind.Nak, "10.0.0.0/24"), null);
        engine.Observe(Event(DhcpMessageKind.Nak, "10.0.0.0/24"), null);
        Assert.Empty(engine.Evaluate(new AlertInputs()).Active);

        engine.Observe(Event(DhcpMessageKind.Nak, "10.0.0.0/24"), null);
        Assert.Equal(3, Assert.Single(engine.Evaluate(new AlertInputs()).Fired).Value);
    }

    [Fact]
    public void No_ack_fires_on_a_busy_subnet_gone_quiet_and_not_on_a_quiet_one()
    {
        var engine = Engine(Rule(AlertRuleKind.NoAck, r => r with { Threshold = 10, Window = TimeSpan.FromMinutes(30) }));
        for (var i = 0; i < 12; i++)
        {
            engine.Observe(Event(DhcpMessageKind.Ack, "10.1.0.0/24"), null);
        }

        engine.Observe(Event(DhcpMessageKind.Ack, "10.2.0.0/24"), null); // one ACK an hour: not busy
        Assert.Empty(engine.Evaluate(new AlertInputs()).Active);

        _time.Advance(TimeSpan.FromMinutes(31));
        var fired = Assert.Single(engine.Evaluate(new AlertInputs()).Fired);
        Assert.Equal("10.1.0.0/24", fired.Label("subnet"));
        Assert.Equal("Subnet 10.1.0.0/24: no ACK for 30m (it had 12 in the hour before)", fired.Summary);

        engine.Observe(Event(DhcpMessageKind.Ack, "10.1.0.0/24"), null);
        Assert.Single(engine.Evaluate(new AlertInputs()).Resolved);
    }

    [Fact]
    public void Unparsed_lines_count_the_increase_over_the_window()
    {
        var engine = Engine(Rule(AlertRuleKind.UnparsedLines, r => r with { Threshold = 10, Window = TimeSpan.FromMinutes(10) }));
        Assert.Empty(engine.Evaluate(new AlertInputs { UnparsedLines = 500 }).Active); // what came before the start is not a rate

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(12, Assert.Single(engine.Evaluate(new AlertInputs { UnparsedLines = 512 }).Fired).Value);
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Single(engine.Evaluate(new AlertInputs { UnparsedLines = 512 }).Resolved);
    }

    [Fact]
    public void Dns_rules_read_the_last_validation()
    {
        var engine = Engine(Rule(AlertRuleKind.DnsFindings), Rule(AlertRuleKind.RrsigExpiring, r => r with { Threshold = 3 }), Rule(AlertRuleKind.SoaSerialLag, r => r with { For = TimeSpan.Zero }));
        var zones = new AlertInputs
        {
            Zones =
            [
                new ZoneHealth("example.com.", 2, 2.5 * 86400, new Dictionary<string, long> { ["192.0.2.53:53"] = 0, ["198.51.100.53:53"] = 3 }),
                new ZoneHealth("example.org.", 0, 30 * 86400.0, new Dictionary<string, long> { ["192.0.2.53:53"] = 0 }),
                new ZoneHealth("unsigned.example.", 0, null, new Dictionary<string, long>()),
            ],
        };

        var fired = engine.Evaluate(zones).Fired;

        Assert.Equal(["dnsfindings|zone=example.com.", "rrsigexpiring|zone=example.com.", "soaseriallag|server=198.51.100.53:53,zone=example.com."], fired.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Zone example.com.: signatures expire in 2.5 days", fired.Single(a => a.Kind == AlertRuleKind.RrsigExpiring).Summary);
        Assert.Equal("Zone example.com.: 198.51.100.53:53 is 3 serial(s) behind", fired.Single(a => a.Kind == AlertRuleKind.SoaSerialLag).Summary);
    }

    [Fact]
    public void Kea_unreachable_fires_only_when_a_kea_is_configured_and_down()
    {
        var engine = Engine(Rule(AlertRuleKind.KeaUnreachable, r => r with { For = TimeSpan.Zero }));

        Assert.Empty(engine.Evaluate(new AlertInputs { KeaUp = false }).Active);
        Assert.Empty(engine.Evaluate(new AlertInputs { KeaTarget = "http://127.0.0.1:8000/", KeaUp = true }).Active);
        var fired = Assert.Single(engine.Evaluate(new AlertInputs { KeaTarget = "http://127.0.0.1:8000/", KeaUp = false, KeaError = "refused" }).Fired);
        Assert.Equal("The Kea control API at http://127.0.0.1:8000/ does not answer", fired.Summary);
    }

    [Fact]
    public void Rule_labels_and_templates_are_filled_and_cannot_replace_alertname_or_severity()
    {
        var engine = Engine(Rule(AlertRuleKind.Decline, r => r with
        {
            Name = "conflict",
            Labels = new Dictionary<string, string> { ["team"] = "netops", ["severity"] = "low", ["alertname"] = "x" },
            Summary = "{team}: {value} on {subnet} {unknown}",
            RunbookUrl = "https://wiki.example/runbooks/{alertname}",
        }));
        engine.Observe(Event(DhcpMessageKind.Decline, "10.0.0.0/24"), null);

        var alert = Assert.Single(engine.Evaluate(new AlertInputs()).Fired);
        Assert.Equal("netops: 1 on 10.0.0.0/24 {unknown}", alert.Summary);
        Assert.Equal("https://wiki.example/runbooks/conflict", alert.RunbookUrl);
        Assert.Equal(("conflict", "warning", "netops"), (alert.Label("alertname"), alert.Label("severity"), alert.Label("team")));
    }

    [Fact]
    public void Hostile_subnet_names_stay_data()
    {
        var engine = Engine(Rule(AlertRuleKind.Decline));
        engine.Observe(Event(DhcpMessageKind.Decline, "<script>{value}</script>"), null);

        var alert = Assert.Single(engine.Evaluate(new AlertInputs()).Fired);
        Assert.Equal("Subnet <script>{value}</script>: 1 address conflict(s) (DECLINE) in 5m", alert.Summary);
    }
}
