using System.CommandLine;
using System.Globalization;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Config;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Cli.Alert;

/// <summary>
/// <c>pguide alert test CHANNEL</c>: sends one synthetic firing alert (<see cref="TestNotification"/>) to a channel of
/// pguide.yaml, from this machine and without the service, rendered and sent by the service's own code
/// (<c>NotificationRenderer</c>, <see cref="NotificationSender"/>), and says what the receiver answered. A
/// PagerDuty trigger is resolved right after it is accepted (same dedup_key), so no test incident stays open, unless
/// <c>--keep-open</c> asks to see the whole paging path (escalation, acknowledgement) work.
/// </summary>
internal static class AlertTestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var channelName = new Argument<string>("CHANNEL") { Description = "The channel's name under alerting.channels in pguide.yaml." };
        var config = new Option<string>("--config") { Description = "pguide.yaml to read (default: ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml)." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON (channel, type, severity, key, each send's outcome and error)." };
        var severity = new Option<string>("--severity")
        {
            Description = "The test alert's severity (default info, or the least severe the channel's severities: take).",
        };
        severity.AcceptOnlyFromAmong("info", "warning", "critical");
        var keepOpen = new Option<bool>("--keep-open") { Description = "PagerDuty: send the trigger only; the incident stays open until someone resolves it in PagerDuty." };
        var test = new Command("test",
            "Send a test notification to one channel of pguide.yaml's alerting section, from this machine, once: a firing\n" +
            "alert 'pguide-test' (labels alertname, host, severity) whose summary says it is a test, from which host and when,\n" +
            "rendered and sent by the code pguide serve sends real alerts with (signed webhook, Alertmanager, email digest,\n" +
            "PagerDuty event). Nothing is stored and nothing is retried: the receiver's answer is printed. The channel's secret\n" +
            "(env:/file:) is read here, so run it where pguide serve runs, or with the same environment.\n" +
            "PagerDuty: the trigger is followed by its resolve (same dedup_key), so no incident stays open; whoever is on call\n" +
            "may still be notified by the trigger. --keep-open sends the trigger only, to test escalation and acknowledgement.\n" +
            "Alertmanager: it keeps the test alert firing until its resolve_timeout (5m by default) passes.\n" +
            "Examples:\n" +
            "  pguide alert test mail\n" +
            "  pguide alert test pager --config /etc/pguide/pguide.yaml --json\n" +
            "  pguide alert test pager --severity critical --keep-open\n" +
            "Exit codes: 0 delivered (every send accepted), 1 not delivered (the receiver's words are printed: 'would retry'\n" +
            "for what the service would retry, such as 429, 5xx or unreachable; 'refused' for a final answer such as 400),\n" +
            "2 no pguide.yaml, an invalid one, an unknown channel, a secret that cannot be read, or a severity the channel drops.")
        {
            channelName, config, json, severity, keepOpen,
        };
        test.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(config) ?? DnsConfigLoader.Find(env.Variables);
            if (path is null)
            {
                return await CommandFailure.UsageAsync(env, "alert test", "no pguide.yaml found (./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml); give --config FILE.").ConfigureAwait(false);
            }

            AlertingConfig alerting;
            try
            {
                alerting = await AlertingConfigLoader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (AlertingConfigException ex)
            {
                return await CommandFailure.UsageAsync(env, "alert test", ex.Message).ConfigureAwait(false);
            }

            var name = parse.GetValue(channelName)!;
            if (alerting.Channels.FirstOrDefault(c => c.Name == name) is not { } channel)
            {
                return await CommandFailure.UsageAsync(env, "alert test", alerting.Channels.Count == 0
                    ? $"{path} has no alerting.channels; there is nothing to test (docs/alerting.md, Channels)."
                    : $"no channel '{name}' in {path}; its channels: {string.Join(", ", alerting.Channels.Select(c => c.Name))}.").ConfigureAwait(false);
            }

            byte[]? secret;
            try
            {
                // This channel's secret and CA only: another channel's unreadable secret is not this test's business.
                new AlertChannels([channel], env.Variables).TryGet(channel.Name, out _, out secret);
            }
            catch (ServeConfigException ex)
            {
                return await CommandFailure.UsageAsync(env, "alert test", ex.Message).ConfigureAwait(false);
            }

            var level = parse.GetValue(severity) is { } wanted && AlertEngine.TryParseSeverity(wanted, out var chosen) ? chosen : TestNotification.DefaultSeverity(channel);
            if (channel.Severities.Count > 0 && !channel.Severities.Contains(level))
            {
                return await CommandFailure.UsageAsync(env, "alert test",
                    $"channel '{name}' takes only {string.Join(", ", channel.Severities.Order().Select(AlertEngine.Name))} alerts (its severities:); a {AlertEngine.Name(level)} test would send nothing.")
                    .ConfigureAwait(false);
            }

            var now = env.Time.GetUtcNow();
            var firing = TestNotification.Firing(channel, Environment.MachineName, level, now);
            var sends = new List<(string Reason, SendResult Result)>();
            using var sender = new NotificationSender(env.Time);
            foreach (var message in TestNotification.Render(firing, channel, now))
            {
                sends.Add((message.Reason, await sender.SendAsync(channel, secret, message.Body, deliveryId: 0, cancellationToken).ConfigureAwait(false)));
            }

            var triggered = sends.Count > 0 && sends.All(s => s.Result.Outcome == SendOutcome.Delivered);
            if (channel.Type == AlertChannelType.PagerDuty && triggered && !parse.GetValue(keepOpen))
            {
                var later = env.Time.GetUtcNow();
                foreach (var message in TestNotification.Render(TestNotification.Resolution(firing, later), channel, later))
                {
                    sends.Add((message.Reason, await sender.SendAsync(channel, secret, message.Body, deliveryId: 0, cancellationToken).ConfigureAwait(false)));
                }
            }

            var delivered = sends.Count > 0 && sends.All(s => s.Result.Outcome == SendOutcome.Delivered);
            var key = firing.Firing[0].Key;
            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Object(w =>
                {
                    w.WriteString("config", path);
                    w.WriteString("channel", channel.Name);
                    w.WriteString("type", TypeName(channel.Type));
                    w.WriteString("target", Target(channel));
                    w.WriteString("severity", AlertEngine.Name(level));
                    w.WriteString("key", key);
                    w.WriteStartArray("sends");
                    foreach (var (reason, result) in sends)
                    {
                        w.WriteStartObject();
                        w.WriteString("reason", reason);
                        w.WriteString("outcome", OutcomeName(result.Outcome));
                        if (result.Error is { } error)
                        {
                            w.WriteString("error", error);
                        }

                        if (result.RetryAfter is { } wait)
                        {
                            w.WriteNumber("retryAfterSeconds", wait.TotalSeconds);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("delivered", delivered);
                })).ConfigureAwait(false);
                return delivered ? ExitCodes.Ok : ExitCodes.Findings;
            }

            var head = $"{channel.Name} ({TypeName(channel.Type)}, {Target(channel)})";
            foreach (var (reason, result) in sends)
            {
                var what = channel.Type == AlertChannelType.PagerDuty ? (reason == "resolved" ? "resolve" : "trigger") : "test notification";
                await env.Output.WriteLineAsync(result.Outcome switch
                {
                    SendOutcome.Delivered => $"{head}: {what} delivered.",
                    SendOutcome.Retry => $"{head}: {what} not delivered, would retry{(result.RetryAfter is { } wait ? string.Create(CultureInfo.InvariantCulture, $" in {wait.TotalSeconds:0} s") : "")}: {result.Error}",
                    _ => $"{head}: {what} not delivered, refused: {result.Error}",
                }).ConfigureAwait(false);
            }

            if (channel.Type == AlertChannelType.PagerDuty && triggered)
            {
                var open = parse.GetValue(keepOpen) || !delivered;
                await env.Output.WriteLineAsync(open
                    ? $"{head}: the incident with dedup_key '{key}' stays open; resolve it in PagerDuty."
                    : $"{head}: dedup_key '{key}'; no incident stays open.").ConfigureAwait(false);
            }

            return delivered ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return test;
    }

    private static string TypeName(AlertChannelType type) => type switch
    {
        AlertChannelType.PagerDuty => "pagerduty",
        AlertChannelType.Alertmanager => "alertmanager",
        AlertChannelType.Email => "email",
        _ => "webhook",
    };

    private static string OutcomeName(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered => "delivered",
        SendOutcome.Retry => "retry",
        _ => "refused",
    };

    /// <summary>Scheme, host and port only: a webhook URL's path or query may hold a token (chat webhooks do).</summary>
    private static string Target(AlertChannel channel) => channel.Url.GetLeftPart(UriPartial.Authority);
}
