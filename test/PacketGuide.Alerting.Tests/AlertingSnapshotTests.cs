using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.Rules;
using PacketGuide.Alerting.State;
using PacketGuide.Dhcp;

namespace PacketGuide.Alerting.Tests;

/// <summary>A restart of pguide serve: what the engine and planner saved is taken back, and nothing is said twice or forgotten.</summary>
public sealed class AlertingSnapshotTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private static readonly AlertRule Failures = AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "allocation-failure") with { Window = TimeSpan.FromMinutes(5) };
    private static readonly AlertRule Pool = AlertRuleDefaults.For(AlertRuleKind.PoolUtilization, "pool") with { For = TimeSpan.FromMinutes(5) };

    private LeaseEvent Failure(string subnet) => new()
    {
        Time = _time.GetUtcNow(), Server = "kea-dhcp4", Kind = DhcpMessageKind.AllocationFailed, Ip = IPAddress.Parse("10.0.0.5"), Subnet = subnet,
        Source = new SourceLocation("kea.log", 1),
    };

    /// <summary>Fires an allocation-failure alert and has it notified; returns the engine, planner and the saved JSON.</summary>
    private (AlertEngine Engine, NotificationPlanner Planner, string Saved) FiringAndNotified()
    {
        var engine = new AlertEngine([Failures, Pool], _time);
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        engine.Observe(Failure("10.78.0.0/24"), null);
        var evaluation = engine.Evaluate(new AlertInputs { Subnets = [new SubnetUse("10.77.0.0/22", 85, 100, 0.85)] });
        Assert.Single(evaluation.Fired);
        Assert.Single(planner.Plan(evaluation, []));
        return (engine, planner, new AlertingSnapshot(evaluation.Active, planner.Snapshot()).ToJson());
    }

    [Fact]
    public void A_snapshot_reads_back_as_it_was_written()
    {
        var (engine, planner, saved) = FiringAndNotified();
        var back = AlertingSnapshot.Parse(saved);

        Assert.Equal(engine.Active.Select(a => (a.Key, a.Rule, a.Kind, a.Severity, a.State, a.Summary, a.Value, a.ActiveSince, a.FiredAt)),
            back.Active.Select(a => (a.Key, a.Rule, a.Kind, a.Severity, a.State, a.Summary, a.Value, a.ActiveSince, a.FiredAt)));
        Assert.Equal(engine.Active.SelectMany(a => a.Labels), back.Active.SelectMany(a => a.Labels));
        Assert.Equal(planner.Snapshot().Select(g => (g.Group, g.At, string.Join(",", g.Sent))), back.Groups.Select(g => (g.Group, g.At, string.Join(",", g.Sent))));
        Assert.Equal(saved, back.ToJson());
    }

    [Fact]
    public void After_a_restart_with_the_events_counted_again_a_firing_alert_is_neither_fired_nor_notified_twice()
    {
        var (_, _, saved) = FiringAndNotified();
        _time.Advance(TimeSpan.FromSeconds(30));
        var engine = new AlertEngine([Failures, Pool], _time);
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var snapshot = AlertingSnapshot.Parse(saved);
        engine.Seed([(DhcpMessageKind.AllocationFailed, "10.78.0.0/24", Start, 1)]);
        engine.Restore(snapshot.Active);
        planner.Restore(snapshot.Groups);

        var evaluation = engine.Evaluate(new AlertInputs { Subnets = [new SubnetUse("10.77.0.0/22", 85, 100, 0.85)] });
        Assert.Empty(evaluation.Fired);
        Assert.Empty(evaluation.Resolved);
        Assert.Empty(planner.Plan(evaluation, []));
        // The pending pool alert kept its start: it fires 5 minutes after it began, not 5 minutes after the restart.
        _time.Advance(TimeSpan.FromMinutes(4.5));
        Assert.Equal("pool", Assert.Single(engine.Evaluate(new AlertInputs { Subnets = [new SubnetUse("10.77.0.0/22", 85, 100, 0.85)] }).Fired).Rule);
    }

    [Fact]
    public void An_alert_that_ended_while_the_service_was_down_is_resolved_at_its_receivers()
    {
        var (_, _, saved) = FiringAndNotified();
        _time.Advance(TimeSpan.FromMinutes(10)); // past the window: no failures left to count
        var engine = new AlertEngine([Failures, Pool], _time);
        var planner = new NotificationPlanner(["alertname"], TimeSpan.FromHours(4));
        var snapshot = AlertingSnapshot.Parse(saved);
        engine.Restore(snapshot.Active);
        planner.Restore(snapshot.Groups);

        var evaluation = engine.Evaluate(new AlertInputs());
        Assert.Equal("allocation-failure", Assert.Single(evaluation.Resolved).Rule);
        var notification = Assert.Single(planner.Plan(evaluation, []));
        Assert.Equal(("resolved", 1), (notification.Reason, notification.Resolved.Count));
    }

    [Fact]
    public void A_Kea_alert_taken_back_holds_until_Kea_s_health_is_known_again()
    {
        var rule = AlertRuleDefaults.For(AlertRuleKind.KeaUnreachable, "kea-down") with { For = TimeSpan.Zero };
        var before = new AlertEngine([rule], _time);
        var down = new AlertInputs { KeaTarget = "/run/kea/kea4-ctrl.sock", KeaUp = false, KeaError = "connection refused" };
        Assert.Single(before.Evaluate(down).Fired);
        var saved = new AlertingSnapshot(before.Active, []).ToJson();

        var after = new AlertEngine([rule], _time);
        after.Restore(AlertingSnapshot.Parse(saved).Active);
        var unknown = after.Evaluate(down with { KeaUp = null, KeaError = null });
        Assert.Empty(unknown.Resolved);
        Assert.Equal(AlertState.Firing, Assert.Single(unknown.Active).State);
        Assert.Single(after.Evaluate(down with { KeaUp = true }).Resolved);

        // Without an alert from before, "not known yet" fires nothing.
        Assert.Empty(new AlertEngine([rule], _time).Evaluate(down with { KeaUp = null }).Active);
    }

    [Fact]
    public void An_unparsed_lines_alert_taken_back_holds_until_a_whole_window_has_been_watched_again()
    {
        var rule = AlertRuleDefaults.For(AlertRuleKind.UnparsedLines, "unparsed") with { Window = TimeSpan.FromMinutes(10) };
        var before = new AlertEngine([rule], _time);
        before.Evaluate(new AlertInputs { UnparsedLines = 0 });
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(before.Evaluate(new AlertInputs { UnparsedLines = 50 }).Fired);
        var saved = new AlertingSnapshot(before.Active, []).ToJson();

        // Restarted: the counter starts again at 0 and no more lines fail.
        _time.Advance(TimeSpan.FromMinutes(1));
        var after = new AlertEngine([rule], _time);
        after.Restore(AlertingSnapshot.Parse(saved).Active);
        Assert.Empty(after.Evaluate(new AlertInputs { UnparsedLines = 0 }).Resolved);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(after.Evaluate(new AlertInputs { UnparsedLines = 0 }).Resolved);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(after.Evaluate(new AlertInputs { UnparsedLines = 0 }).Resolved);
    }

    [Fact]
    public void Alerts_of_rules_that_are_gone_are_not_taken_back()
    {
        var (_, _, saved) = FiringAndNotified();
        var engine = new AlertEngine([Pool], _time);
        engine.Restore(AlertingSnapshot.Parse(saved).Active);
        Assert.All(engine.Active, a => Assert.Equal("pool", a.Rule));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"version":2,"active":[],"groups":[]}""")]
    [InlineData("""{"version":1,"active":[{"key":"k"}],"groups":[]}""")]
    [InlineData("""{"version":1,"active":[{"key":"k","rule":"r","kind":"disk-full","severity":"warning","labels":{},"summary":"s","value":1,"state":"firing","activeSince":0}],"groups":[]}""")]
    [InlineData("""{"version":1,"active":[{"key":"k","rule":"r","kind":"decline","severity":"loud","labels":{},"summary":"s","value":1,"state":"firing","activeSince":0}],"groups":[]}""")]
    [InlineData("""{"version":1,"active":[{"key":"k","rule":"r","kind":"decline","severity":"warning","labels":{},"summary":"s","value":1,"state":"firing","activeSince":99999999999999999}],"groups":[]}""")]
    [InlineData("""{"version":1,"active":[],"groups":[{"group":"g","at":0,"sent":[1]}]}""")]
    [InlineData("""{"version":"1","active":[],"groups":[]}""")]
    public void A_damaged_snapshot_is_refused_as_a_whole(string json) =>
        Assert.Throws<FormatException>(() => AlertingSnapshot.Parse(json));
}
