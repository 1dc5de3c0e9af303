using System.Buffers;
using System.Text;
using System.Text.Json;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Dns.Validation.Output;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Turns a planned notification into the exact bytes each channel receives, stored in the outbox before anything is
/// sent. Alertmanager gets its <c>/api/v2/alerts</c> array (firing alerts without <c>endsAt</c>, resolved ones with it);
/// a webhook gets Alertmanager's webhook shape (version 4), which receivers that already handle Alertmanager understand;
/// PagerDuty gets one Events API v2 event per alert; email one digest per group (subject, text and HTML parts). With an
/// <see cref="AlertContext"/>, PagerDuty's custom_details, the mail and the webhook also carry the subnet's utilization,
/// its latest events and the zone's findings, and link to the dashboard page.
/// </summary>
internal static class NotificationRenderer
{
    /// <summary>PagerDuty's limit is 512 KB per event; past this, the event goes without its context.</summary>
    private const int MaxPagerDutyBytes = 500_000;

    public static IEnumerable<OutboxMessage> Render(AlertNotification notification, AlertChannel channel, DateTimeOffset now, AlertContext? context = null)
    {
        context ??= AlertContext.Empty;
        var firing = notification.Firing.Where(a => Wanted(channel, a)).ToList();
        var resolved = notification.Resolved.Where(a => Wanted(channel, a)).ToList();
        if (firing.Count == 0 && resolved.Count == 0)
        {
            yield break;
        }

        if (channel.Type == AlertChannelType.PagerDuty)
        {
            // One event per alert: PagerDuty keys incidents by dedup_key, so a trigger sent again only updates the incident.
            foreach (var alert in firing.Concat(resolved))
            {
                var key = DedupKey(alert);
                var body = Json(w => PagerDutyEvent(w, alert, key, context));
                if (Encoding.UTF8.GetByteCount(body) > MaxPagerDutyBytes)
                {
                    body = Json(w => PagerDutyEvent(w, alert, key, AlertContext.Empty));
                }

                yield return new OutboxMessage(channel.Name, key, alert.State == AlertState.Resolved ? "resolved" : notification.Reason, body, now + channel.Expire);
            }

            yield break;
        }

        var digest = channel.Type switch
        {
            AlertChannelType.Alertmanager => Json(w => AlertmanagerAlerts(w, firing, resolved, null, context)),
            AlertChannelType.Email => Json(w => EmailDigest(w, notification, firing, resolved, context)),
            _ => Json(w => Webhook(w, notification, channel, firing, resolved, context)),
        };
        yield return new OutboxMessage(channel.Name, notification.GroupKey, notification.Reason, digest, now + channel.Expire);
    }

    /// <summary>
    /// One mail for the group (a digest): subject with the counts and the group, a plain-text and an HTML body listing every
    /// alert (state, severity, summary, since when, labels, description, context, runbook, dashboard). Every text from
    /// configuration or log data is HTML-encoded in the HTML part.
    /// </summary>
    private static void EmailDigest(Utf8JsonWriter w, AlertNotification notification, List<Alert> firing, List<Alert> resolved, AlertContext context)
    {
        var group = notification.GroupLabels.Count == 0 ? "all alerts" : string.Join(", ", notification.GroupLabels.Select(l => $"{l.Key}={l.Value}"));
        var subject = firing.Count > 0
            ? $"[pguide] FIRING {firing.Count}{(resolved.Count > 0 ? $", resolved {resolved.Count}" : "")}: {group}"
            : $"[pguide] RESOLVED {resolved.Count}: {group}";
        var text = new StringBuilder();
        var html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>");
        html.Append(System.Net.WebUtility.HtmlEncode(subject)).Append("</h2><table cellpadding=\"6\" style=\"border-collapse:collapse\">");
        text.Append(subject).Append("\n\n");
        foreach (var alert in firing.Concat(resolved))
        {
            var state = alert.State == AlertState.Resolved ? "RESOLVED" : "FIRING";
            var since = Utc(alert.FiredAt ?? alert.ActiveSince);
            var labels = string.Join(", ", alert.Labels.Where(l => l.Key is not ("alertname" or "severity")).Select(l => $"{l.Key}={l.Value}"));
            text.Append(state).Append("  ").Append(AlertEngine.Name(alert.Severity)).Append("  ").Append(alert.Summary).Append('\n')
                .Append("  since ").Append(since).Append(labels.Length > 0 ? " - " + labels : "").Append('\n');
            if (alert.Description is { } description)
            {
                text.Append("  ").Append(description).Append('\n');
            }

            var lines = ContextLines(alert, context);
            foreach (var line in lines)
            {
                text.Append("  ").Append(line).Append('\n');
            }

            if (alert.RunbookUrl is { } runbook)
            {
                text.Append("  Runbook: ").Append(runbook).Append('\n');
            }

            if (context.LinkFor(alert) is { } page)
            {
                text.Append("  Dashboard: ").Append(page.AbsoluteUri).Append('\n');
            }

            text.Append('\n');
            html.Append("<tr style=\"border-top:1px solid #ccc\"><td><b>").Append(state).Append("</b><br>").Append(AlertEngine.Name(alert.Severity)).Append("</td><td><b>")
                .Append(System.Net.WebUtility.HtmlEncode(alert.Summary)).Append("</b><br>since ").Append(since).Append(labels.Length > 0 ? " &middot; " + System.Net.WebUtility.HtmlEncode(labels) : "");
            if (alert.Description is { } htmlDescription)
            {
                html.Append("<br>").Append(System.Net.WebUtility.HtmlEncode(htmlDescription));
            }

            if (lines.Count > 0)
            {
                html.Append("<pre style=\"color:#444;margin:4px 0\">").Append(System.Net.WebUtility.HtmlEncode(string.Join('\n', lines))).Append("</pre>");
            }

            if (alert.RunbookUrl is { } htmlRunbook && Uri.TryCreate(htmlRunbook, UriKind.Absolute, out var link) && link.Scheme is "http" or "https")
            {
                html.Append("<br><a href=\"").Append(System.Net.WebUtility.HtmlEncode(link.AbsoluteUri)).Append("\">Runbook</a>");
            }

            if (context.LinkFor(alert) is { } htmlPage)
            {
                html.Append("<br><a href=\"").Append(System.Net.WebUtility.HtmlEncode(htmlPage.AbsoluteUri)).Append("\">Dashboard</a>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table><p style=\"color:#666\">Sent by PacketGuide (pguide serve).</p></body></html>");
        w.WriteStartObject();
        w.WriteString("group", notification.GroupKey);
        w.WriteString("subject", subject);
        w.WriteString("text", text.ToString());
        w.WriteString("html", html.ToString());
        w.WriteEndObject();
    }

    /// <summary>PagerDuty's dedup_key: the alert's key, or its SHA-256 when longer than the 255 characters PagerDuty takes.</summary>
    public static string DedupKey(Alert alert) => alert.Key.Length <= 255
        ? alert.Key
        : "pguide-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)));

    /// <summary>
    /// An Events API v2 event without its routing_key (a secret: the dispatcher adds it when sending). Summary at most
    /// 1024 characters, severity mapped to PagerDuty's (critical, warning, info), the labels and value in custom_details,
    /// the runbook as a link.
    /// </summary>
    private static void PagerDutyEvent(Utf8JsonWriter w, Alert alert, string dedupKey, AlertContext context)
    {
        w.WriteStartObject();
        var resolved = alert.State == AlertState.Resolved;
        w.WriteString("event_action", resolved ? "resolve" : "trigger");
        w.WriteString("dedup_key", dedupKey);
        if (!resolved)
        {
            w.WriteStartObject("payload");
            w.WriteString("summary", alert.Summary.Length <= 1024 ? alert.Summary : alert.Summary[..1021] + "...");
            var source = alert.Label("subnet") ?? alert.Label("zone") ?? alert.Label("server") ?? "pguide";
            w.WriteString("source", source.Length <= 255 ? source : source[..255]); // a label can be anything the log said
            w.WriteString("severity", AlertEngine.Name(alert.Severity)); // PagerDuty's names for these are the same
            w.WriteString("timestamp", alert.FiredAt ?? alert.ActiveSince);
            w.WriteString("component", alert.Kind.ToString());
            w.WriteString("group", alert.Rule);
            w.WriteString("class", alert.Label("alertname"));
            w.WriteStartObject("custom_details");
            foreach (var (key, value) in alert.Labels)
            {
                w.WriteString(key, value.Length <= 1024 ? value : value[..1024]);
            }

            w.WriteNumber("value", alert.Value);
            if (alert.Description is { } description)
            {
                w.WriteString("description", description);
            }

            w.WriteString("active_since", alert.ActiveSince);
            ContextJson(w, alert, context);
            w.WriteEndObject();
            w.WriteEndObject();
            var page = context.LinkFor(alert);
            if (alert.RunbookUrl is not null || page is not null)
            {
                w.WriteStartArray("links");
                foreach (var (href, label) in new[] { (page?.AbsoluteUri, "Dashboard"), (alert.RunbookUrl, "Runbook") })
                {
                    if (href is not null)
                    {
                        w.WriteStartObject();
                        w.WriteString("href", href);
                        w.WriteString("text", label);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }
        }

        w.WriteString("client", "PacketGuide");
        w.WriteEndObject();
    }

    /// <summary>The currently firing alerts as Alertmanager wants them re-sent (it resolves what is not re-sent within its resolve_timeout).</summary>
    public static string Refresh(IEnumerable<Alert> firing, AlertChannel channel, DateTimeOffset endsAt, Uri? dashboardUrl) =>
        Json(w => AlertmanagerAlerts(w, [.. firing.Where(a => Wanted(channel, a))], [], endsAt, AlertContext.LinksOnly(dashboardUrl)));

    public static bool Wanted(AlertChannel channel, Alert alert) => channel.Severities.Count == 0 || channel.Severities.Contains(alert.Severity);

    private static void AlertmanagerAlerts(Utf8JsonWriter w, IReadOnlyList<Alert> firing, IReadOnlyList<Alert> resolved, DateTimeOffset? endsAt, AlertContext context)
    {
        w.WriteStartArray();
        foreach (var alert in firing.Concat(resolved))
        {
            w.WriteStartObject();
            Labels(w, "labels", alert);
            Annotations(w, alert, context);
            w.WriteString("startsAt", alert.FiredAt ?? alert.ActiveSince);
            if (context.LinkFor(alert) is { } page)
            {
                w.WriteString("generatorURL", page.AbsoluteUri);
            }

            if (alert.ResolvedAt is { } ended)
            {
                w.WriteString("endsAt", ended);
            }
            else if (endsAt is { } until)
            {
                w.WriteString("endsAt", until);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Webhook(Utf8JsonWriter w, AlertNotification notification, AlertChannel channel, List<Alert> firing, List<Alert> resolved, AlertContext context)
    {
        w.WriteStartObject();
        w.WriteString("version", "4");
        w.WriteString("groupKey", notification.GroupKey);
        w.WriteString("status", firing.Count > 0 ? "firing" : "resolved");
        w.WriteString("reason", notification.Reason);
        w.WriteString("receiver", channel.Name);
        w.WriteStartObject("groupLabels");
        foreach (var (name, value) in notification.GroupLabels)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteStartArray("alerts");
        foreach (var alert in firing.Concat(resolved))
        {
            w.WriteStartObject();
            w.WriteString("status", alert.State == AlertState.Resolved ? "resolved" : "firing");
            w.WriteString("fingerprint", alert.Key);
            Labels(w, "labels", alert);
            Annotations(w, alert, context);
            w.WriteNumber("value", alert.Value);
            w.WriteStartObject("context");
            ContextJson(w, alert, context);
            w.WriteEndObject();
            w.WriteString("startsAt", alert.FiredAt ?? alert.ActiveSince);
            if (alert.ResolvedAt is { } ended)
            {
                w.WriteString("endsAt", ended);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Labels(Utf8JsonWriter w, string name, Alert alert)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in alert.Labels)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static void Annotations(Utf8JsonWriter w, Alert alert, AlertContext context)
    {
        w.WriteStartObject("annotations");
        w.WriteString("summary", alert.Summary);
        if (alert.Description is { } description)
        {
            w.WriteString("description", description);
        }

        if (alert.RunbookUrl is { } runbook)
        {
            w.WriteString("runbook_url", runbook);
        }

        if (context.LinkFor(alert) is { } page)
        {
            w.WriteString("dashboard_url", page.AbsoluteUri);
        }

        w.WriteEndObject();
    }

    /// <summary>The alert's context as properties of the current object: utilization, recent_events, dns_findings (each only when known).</summary>
    private static void ContextJson(Utf8JsonWriter w, Alert alert, AlertContext context)
    {
        if (context.SubnetOf(alert) is { } use)
        {
            w.WriteStartObject("utilization");
            w.WriteNumber("assigned", use.Assigned);
            w.WriteString("total", use.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (use.Ratio is { } ratio)
            {
                w.WriteNumber("percent", Math.Round(ratio * 100, 1));
            }

            w.WriteNumber("declined", use.Declined);
            w.WriteEndObject();
        }

        if (context.EventsOf(alert) is { Count: > 0 } events)
        {
            w.WriteStartArray("recent_events");
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("time", e.Time);
                w.WriteString("kind", e.Kind);
                WriteIfPresent(w, "address", e.Address);
                WriteIfPresent(w, "mac", e.Mac);
                WriteIfPresent(w, "hostname", e.Hostname);
                WriteIfPresent(w, "via", e.Via);
                w.WriteString("server", Clip(e.Server));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (context.FindingsOf(alert) is { Count: > 0 } findings)
        {
            w.WriteStartArray("dns_findings");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                w.WriteString("severity", ValidationSeverityNames.Name(f.Severity));
                w.WriteString("check", f.CheckId);
                WriteIfPresent(w, "server", f.Server);
                w.WriteString("subject", Clip(f.Subject));
                w.WriteString("message", Clip(f.Message));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    /// <summary>The alert's context as lines of a mail: utilization, then the latest events, then the findings.</summary>
    private static List<string> ContextLines(Alert alert, AlertContext context)
    {
        var lines = new List<string>();
        if (context.SubnetOf(alert) is { } use)
        {
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Utilization now: {use.Assigned} of {use.Total} addresses{(use.Ratio is { } r ? $" ({r * 100:0.#}%)" : "")}, {use.Declined} declined"));
        }

        if (context.EventsOf(alert) is { Count: > 0 } events)
        {
            lines.Add("Latest events:");
            lines.AddRange(events.Select(e => string.Join(' ', new[]
            {
                "  " + Utc(e.Time), e.Kind, e.Address, e.Mac, e.Hostname,
                e.Via is null ? null : "via " + e.Via,
            }.Where(p => !string.IsNullOrEmpty(p)).Select(p => Clip(p!)))));
        }

        if (context.FindingsOf(alert) is { Count: > 0 } findings)
        {
            lines.Add("Findings of the last DNS validation:");
            lines.AddRange(findings.Select(f => Clip($"  {ValidationSeverityNames.Name(f.Severity)} {f.CheckId}{(f.Server is null ? "" : " @" + f.Server)} {f.Subject}: {f.Message}")));
        }

        return lines;
    }

    private static void WriteIfPresent(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, Clip(value));
        }
    }

    /// <summary>A moment as notifications write it for people: <c>2026-11-27 06:00:00Z</c>.</summary>
    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Log and DNS data can be anything: a context field is kept to 300 characters.</summary>
    private static string Clip(string value) => value.Length <= 300 ? value : value[..297] + "...";

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
