using System.Text.Json;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Server.Alerting;

namespace PacketGuide.Server.Tests;

/// <summary>The synthetic alert of <c>pguide alert test</c>, rendered for each kind of channel.</summary>
public sealed class TestNotificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 30, 0, TimeSpan.Zero);

    private static AlertChannel Channel(AlertChannelType type, params AlertSeverity[] severities) => new()
    {
        Name = "ops", Type = type, Url = new Uri("http://127.0.0.1:9/hook"), Severities = severities.ToHashSet(),
    };

    [Fact]
    public void The_severity_is_info_unless_the_channel_takes_only_more_severe_ones()
    {
        Assert.Equal(AlertSeverity.Info, TestNotification.DefaultSeverity(Channel(AlertChannelType.Webhook)));
        Assert.Equal(AlertSeverity.Warning, TestNotification.DefaultSeverity(Channel(AlertChannelType.Webhook, AlertSeverity.Critical, AlertSeverity.Warning)));
        Assert.Equal(AlertSeverity.Critical, TestNotification.DefaultSeverity(Channel(AlertChannelType.PagerDuty, AlertSeverity.Critical)));
    }

    [Fact]
    public void A_webhook_gets_one_firing_alert_that_says_it_is_a_test_from_this_host()
    {
        var channel = Channel(AlertChannelType.Webhook);
        var message = Assert.Single(TestNotification.Render(TestNotification.Firing(channel, "noc-1", AlertSeverity.Info, Now), channel, Now));

        var body = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal(("firing", "alertname=pguide-test", "ops"), (body.GetProperty("status").GetString(), body.GetProperty("groupKey").GetString(), body.GetProperty("receiver").GetString()));
        var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("pguide-test", "noc-1", "info"), (alert.GetProperty("labels").GetProperty("alertname").GetString(), alert.GetProperty("labels").GetProperty("host").GetString(),
            alert.GetProperty("labels").GetProperty("severity").GetString()));
        Assert.Equal("Test notification from pguide on noc-1 at 2026-11-27 08:30:00Z: channel ops works. Nothing is wrong.",
            alert.GetProperty("annotations").GetProperty("summary").GetString());
    }

    [Fact]
    public void PagerDuty_gets_a_trigger_and_a_resolve_with_the_same_dedup_key_and_component_test()
    {
        var channel = Channel(AlertChannelType.PagerDuty, AlertSeverity.Critical);
        var firing = TestNotification.Firing(channel, "noc-1", AlertSeverity.Critical, Now);

        var trigger = JsonDocument.Parse(Assert.Single(TestNotification.Render(firing, channel, Now)).Body).RootElement;
        var resolve = JsonDocument.Parse(Assert.Single(TestNotification.Render(TestNotification.Resolution(firing, Now.AddSeconds(1)), channel, Now.AddSeconds(1))).Body).RootElement;

        Assert.Equal(("trigger", "resolve"), (trigger.GetProperty("event_action").GetString(), resolve.GetProperty("event_action").GetString()));
        Assert.Equal(trigger.GetProperty("dedup_key").GetString(), resolve.GetProperty("dedup_key").GetString());
        Assert.Equal(("critical", "test", "pguide-test"), (trigger.GetProperty("payload").GetProperty("severity").GetString(),
            trigger.GetProperty("payload").GetProperty("component").GetString(), trigger.GetProperty("payload").GetProperty("class").GetString()));
        Assert.False(trigger.TryGetProperty("routing_key", out _)); // added by the sender, never rendered
    }

    [Fact]
    public void Each_test_has_its_own_key_so_it_never_merges_into_an_earlier_incident()
    {
        var channel = Channel(AlertChannelType.PagerDuty);
        Assert.NotEqual(TestNotification.Firing(channel, "noc-1", AlertSeverity.Info, Now).Firing[0].Key,
            TestNotification.Firing(channel, "noc-1", AlertSeverity.Info, Now.AddMilliseconds(5)).Firing[0].Key);
    }

    [Fact]
    public void An_email_digest_names_the_test_in_its_subject_and_the_host_in_its_text()
    {
        var channel = Channel(AlertChannelType.Email);
        var digest = JsonDocument.Parse(Assert.Single(TestNotification.Render(TestNotification.Firing(channel, "noc-1", AlertSeverity.Warning, Now), channel, Now)).Body).RootElement;

        Assert.Equal("[pguide] FIRING 1: alertname=pguide-test", digest.GetProperty("subject").GetString());
        Assert.Contains("host=noc-1", digest.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
