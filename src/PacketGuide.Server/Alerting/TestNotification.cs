using System.Globalization;
using System.Text.Json.Nodes;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// The synthetic alert <c>pguide alert test CHANNEL</c> sends: one firing alert named <see cref="AlertName"/> whose summary
/// says it is a test, from which host and when, rendered by <see cref="NotificationRenderer"/> exactly as the service
/// renders real alerts for that channel, so a test that arrives proves the channel's real notifications arrive. Its key
/// is new on every run (it holds the time), so a test never merges into an earlier test's PagerDuty incident;
/// <see cref="Resolution"/> makes the matching resolve (same key, PagerDuty's dedup_key).
/// </summary>
public static class TestNotification
{
    /// <summary>The rule name and <c>alertname</c> label of test notifications.</summary>
    public const string AlertName = "pguide-test";

    /// <summary>
    /// The severity a test uses when none is asked for: info, or the least severe the channel takes (a channel limited
    /// to <c>severities: [critical]</c> would drop an info alert, and the test would send nothing).
    /// </summary>
    public static AlertSeverity DefaultSeverity(AlertChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Severities.Count == 0 ? AlertSeverity.Info : channel.Severities.Min();
    }

    /// <summary>A firing test alert, grouped alone (group <c>alertname=pguide-test</c>), with reason <c>firing</c>.</summary>
    /// <param name="channel">The channel tested (named in the summary).</param>
    /// <param name="host">The machine the test is sent from (named in the summary and the <c>host</c> label).</param>
    /// <param name="severity">The alert's severity; see <see cref="DefaultSeverity"/>.</param>
    /// <param name="now">When it is sent.</param>
    public static AlertNotification Firing(AlertChannel channel, string host, AlertSeverity severity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(host);
        var at = NotificationRenderer.Utc(now);
        var alert = new Alert
        {
            Key = string.Create(CultureInfo.InvariantCulture, $"{AlertName}|host={host},at={now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}"),
            Rule = AlertName,
            // Kind has no neutral value; it only shows as PagerDuty's component, which Render replaces with "test".
            Kind = PacketGuide.Alerting.Rules.AlertRuleKind.UnparsedLines,
            Severity = severity,
            Labels =
            [
                new("alertname", AlertName),
                new("host", host),
                new("severity", AlertEngine.Name(severity)),
            ],
            Summary = $"Test notification from pguide on {host} at {at}: channel {channel.Name} works. Nothing is wrong.",
            Description = $"Sent by 'pguide alert test {channel.Name}' on {host}. No alert is firing; nothing needs to be done.",
            State = AlertState.Firing,
            ActiveSince = now,
            FiredAt = now,
        };
        return new AlertNotification("alertname=" + AlertName, [new("alertname", AlertName)], [alert], [], now) { Reason = "firing" };
    }

    /// <summary>The resolution of <paramref name="firing"/>'s alert (same key): closes the PagerDuty incident the test opened.</summary>
    public static AlertNotification Resolution(AlertNotification firing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(firing);
        var resolved = firing.Firing.Select(a => a with { State = AlertState.Resolved, ResolvedAt = now }).ToList();
        return new AlertNotification(firing.GroupKey, firing.GroupLabels, [], resolved, now) { Reason = "resolved" };
    }

    /// <summary>
    /// The bodies <paramref name="channel"/> gets for <paramref name="notification"/>, as the service would store them in
    /// its outbox (one per alert for PagerDuty, one per group otherwise); empty if the channel does not take the severity.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> Render(AlertNotification notification, AlertChannel channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var messages = NotificationRenderer.Render(notification, channel, now).ToList();
        if (channel.Type != AlertChannelType.PagerDuty)
        {
            return messages;
        }

        return [.. messages.Select(m => m with { Body = WithTestComponent(m.Body) })];
    }

    /// <summary>PagerDuty's payload.component is the rule kind's name; a test has none, so it says "test".</summary>
    private static string WithTestComponent(string body)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        if (root["payload"] is JsonObject payload)
        {
            payload["component"] = "test";
        }

        return root.ToJsonString();
    }
}
