using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.Rules;

namespace PacketGuide.Alerting.Tests;

public sealed class NotificationPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static Alert Firing(string rule, string subnet, AlertSeverity severity = AlertSeverity.Warning, AlertRuleKind kind = AlertRuleKind.PoolUtilization) => new()
    {
        Key = $"{rule}|subnet={subnet}",
        Rule = rule,
        Kind = kind,
        Severity = severity,
        Labels = [new("alertname", rule), new("severity", severity == AlertSeverity.Critical ? "critical" : "warning"), new("subnet", subnet)],
        Summary = $"{rule} {subnet}",
        State = AlertState.Firing,
        ActiveSince = Start,
        FiredAt = Start,
    };

    private static AlertEvaluation At(TimeSpan after, IReadOnlyList<Alert> active, IReadOnlyList<Alert>? resolved = null) =>
        new(Start + after, [], resolved ?? [], active);

    private static LabelMatcher Matcher(string text) =>
        LabelMatcher.TryParse(text, out var matcher, out var error) ? matcher! : throw new InvalidOperationException(error);

    private static Alert Resolved(Alert alert, TimeSpan after) => alert with { State = AlertState.Resolved, ResolvedAt = Start + after };

    [Fact]
    public void Alerts_of_a_group_go_out_in_one_notification_then_again_only_when_something_changes_or_repeat_passes()
    {
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var a = Firing("pool-warn", "10.0.0.0/24");
        var b = Firing("pool-warn", "10.0.1.0/24");

        var first = Assert.Single(planner.Plan(At(TimeSpan.Zero, [a, b]), []));
        Assert.Equal(("alertname=pool-warn", "firing", 2), (first.GroupKey, first.Reason, first.Firing.Count));
        Assert.Equal([new KeyValuePair<string, string>("alertname", "pool-warn")], first.GroupLabels);

        Assert.Empty(planner.Plan(At(TimeSpan.FromMinutes(1), [a, b]), []));
        var repeat = Assert.Single(planner.Plan(At(TimeSpan.FromHours(4), [a, b]), []));
        Assert.Equal("repeat", repeat.Reason);

        var c = Firing("pool-warn", "10.0.2.0/24");
        var added = Assert.Single(planner.Plan(At(TimeSpan.FromHours(4.1), [a, b, c]), []));
        Assert.Equal(("firing", 3), (added.Reason, added.Firing.Count));

        var resolved = Assert.Single(planner.Plan(At(TimeSpan.FromHours(4.2), [b, c], [Resolved(a, TimeSpan.FromHours(4.2))]), []));
        Assert.Equal(("resolved", 2), (resolved.Reason, resolved.Firing.Count));
        Assert.Equal(a.Key, Assert.Single(resolved.Resolved).Key);
    }

    [Fact]
    public void A_silenced_alert_is_not_notified_and_its_resolution_is_not_either()
    {
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var a = Firing("pool-warn", "10.0.0.0/24");
        var matcher = Matcher("subnet=~10\\.0\\.0\\..*");
        var silence = new Silence { Id = "s1", Matchers = [matcher], Starts = Start, Ends = Start.AddHours(1), Author = "alice", Comment = "maintenance" };

        Assert.Empty(planner.Plan(At(TimeSpan.Zero, [a]), [silence]));
        Assert.Empty(planner.Plan(At(TimeSpan.FromMinutes(30), [], [Resolved(a, TimeSpan.FromMinutes(30))]), [silence]));
    }

    [Fact]
    public void An_expired_silence_lets_a_firing_alert_through()
    {
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var a = Firing("pool-warn", "10.0.0.0/24");
        var matcher = Matcher("alertname=pool-warn");
        var silence = new Silence { Id = "s1", Matchers = [matcher], Starts = Start, Ends = Start.AddMinutes(10), Author = "alice", Comment = "deploy" };

        Assert.Empty(planner.Plan(At(TimeSpan.Zero, [a]), [silence]));
        Assert.Single(planner.Plan(At(TimeSpan.FromMinutes(10), [a]), [silence]));
    }

    [Fact]
    public void A_critical_alert_inhibits_the_warning_of_the_same_kind_and_subnet_only()
    {
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var warning = Firing("pool-warn", "10.0.0.0/24");
        var critical = Firing("pool-critical", "10.0.0.0/24", AlertSeverity.Critical);
        var otherSubnet = Firing("pool-warn", "10.0.1.0/24");
        var otherKind = Firing("conflict", "10.0.0.0/24", kind: AlertRuleKind.Decline);

        var sent = planner.Plan(At(TimeSpan.Zero, [warning, critical, otherSubnet, otherKind]), []);

        Assert.Equal(["conflict|subnet=10.0.0.0/24", "pool-critical|subnet=10.0.0.0/24", "pool-warn|subnet=10.0.1.0/24"],
            sent.SelectMany(n => n.Firing).Select(a => a.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_group_by_everything_is_one_digest()
    {
        var planner = new NotificationPlanner([], TimeSpan.FromHours(4));

        var sent = Assert.Single(planner.Plan(At(TimeSpan.Zero, [Firing("a", "10.0.0.0/24"), Firing("b", "10.0.1.0/24")]), []));
        Assert.Equal(2, sent.Firing.Count);
    }

    [Theory]
    [InlineData("subnet", "'subnet' is not a matcher")]
    [InlineData("=x", "is not a matcher")]
    [InlineData("sub net=x", "is not a label name")]
    [InlineData("subnet=~(", "is not a regular expression")]
    [InlineData("subnet=~a\nb", "cannot hold a line break")]
    public void Bad_matchers_are_refused_with_the_reason(string text, string expected)
    {
        Assert.False(LabelMatcher.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regex_matcher_matches_the_whole_value_and_an_absent_label_is_empty()
    {
        var regex = Matcher("subnet=~10\\.0\\..*");
        var noTeam = Matcher("team=");
        var labels = new[] { new KeyValuePair<string, string>("subnet", "10.0.3.0/24") };

        Assert.True(regex.Matches(labels));
        Assert.False(regex.Matches([new("subnet", "110.0.3.0/24")]));
        Assert.True(noTeam.Matches(labels));
    }
}
