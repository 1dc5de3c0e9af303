using System.Globalization;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketGuide.Alerting.Config;

/// <summary>
/// Reads pguide.yaml's <c>alerting:</c> section with YamlDotNet's node model (no reflection: safe under Native AOT) and
/// checks every rule, so that <c>pguide alert check</c> and <c>pguide serve</c> refuse the same mistakes:
/// <code>
/// alerting:
///   evaluate-every: 10s
///   group-by: [alertname]
///   repeat-interval: 4h
///   dashboard-url: https://pguide.example.net/   # notifications link to the subnet's or zone's page
///   rules:                          # absent: the built-in set (docs/alerting.md); present: exactly these
///     - name: pool-high
///       kind: pool-utilization      # pool-utilization, allocation-failure, nak-rate, decline, no-ack, unparsed-lines,
///                                   # dns-findings, rrsig-expiring, soa-serial-lag, kea-unreachable
///       severity: warning           # info, warning, critical
///       threshold: 85%
///       clear: 80%                  # hysteresis: resolved below this
///       for: 5m
///       labels: { team: netops }
///       summary: "Subnet {subnet} is {value} full"
///       runbook-url: https://wiki.example.com/runbooks/dhcp-pool
/// </code>
/// Errors name the file and line, the key (<c>alerting.rules[2].threshold</c>) and what would be right.
/// </summary>
public static class AlertingConfigLoader
{
    private static readonly string[] SectionKeys = ["evaluate-every", "group-by", "repeat-interval", "dashboard-url", "rules", "channels"];
    private static readonly string[] ChannelKeys = ["type", "url", "secret", "routing-key", "severities", "expire", "per-minute", "smtp", "tls", "user", "password", "from", "to", "ca-file"];
    private static readonly string[] RuleKeys = ["name", "kind", "severity", "threshold", "clear", "for", "window", "labels", "summary", "description", "runbook-url"];

    public static async Task<AlertingConfig> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AlertingConfigException($"{path}: cannot read it ({ex.Message}).", ex);
        }

        return Parse(path, text);
    }

    /// <summary>The alerting section of <paramref name="text"/>; the defaults when it has none.</summary>
    public static AlertingConfig Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new AlertingConfigException($"{path}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML ({ex.Message}).", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root || Child(root, "alerting") is not { } node)
        {
            return new AlertingConfig();
        }

        if (node is not YamlMappingNode section)
        {
            throw new AlertingConfigException($"{path}:{node.Start.Line}: alerting: expected a mapping (alerting: {{ rules: [...] }}).");
        }

        Known(path, section, SectionKeys, "alerting");
        var defaults = new AlertingConfig();
        var config = defaults with
        {
            EvaluateEvery = Duration(path, section, "evaluate-every", "alerting", defaults.EvaluateEvery, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            RepeatInterval = Duration(path, section, "repeat-interval", "alerting", defaults.RepeatInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)),
            GroupBy = Child(section, "group-by") is { } groupBy ? Strings(path, groupBy, "alerting.group-by") : defaults.GroupBy,
            DashboardUrl = DashboardUrl(path, section),
        };
        if (Child(section, "channels") is { } channelsNode)
        {
            config = config with { Channels = Channels(path, channelsNode) };
        }

        if (Child(section, "rules") is not { } rulesNode)
        {
            return config;
        }

        if (rulesNode is not YamlSequenceNode list)
        {
            throw new AlertingConfigException($"{path}:{rulesNode.Start.Line}: alerting.rules: expected a list of rules (- name: ..., kind: ...).");
        }

        var rules = new List<AlertRule>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"alerting.rules[{i}]";
            if (list.Children[i] is not YamlMappingNode entry)
            {
                throw new AlertingConfigException($"{path}:{list.Children[i].Start.Line}: {at}: expected a mapping (name, kind, threshold, ...).");
            }

            var rule = Rule(path, entry, at);
            if (rules.FirstOrDefault(r => r.Name == rule.Name) is { } twin)
            {
                throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}.name: '{rule.Name}' is used twice (also at {twin.Location}); names must be unique.");
            }

            rules.Add(rule);
        }

        return config with { Rules = rules };
    }

    private static AlertRule Rule(string path, YamlMappingNode entry, string at)
    {
        Known(path, entry, RuleKeys, at);
        var name = Scalar(path, entry, "name", at) ?? throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs name: (unique; it becomes the alertname label).");
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Invalid(path, entry, "name", at, $"'{Clip(name)}' is not a rule name: 1 to 100 letters, digits, '-', '_' or '.'.");
        }

        var kindText = Scalar(path, entry, "kind", at) ?? throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs kind: ({string.Join(", ", AlertRuleDefaults.KindNames.Keys)}).");
        if (!AlertRuleDefaults.KindNames.TryGetValue(kindText, out var kind))
        {
            throw Invalid(path, entry, "kind", at, $"'{Clip(kindText)}' is not a rule kind; use one of {string.Join(", ", AlertRuleDefaults.KindNames.Keys)}.");
        }

        var rule = AlertRuleDefaults.For(kind, name) with { Location = $"{path}:{entry.Start.Line}" };
        if (Scalar(path, entry, "severity", at) is { } severity)
        {
            rule = rule with { Severity = Severity(path, entry, "severity", at, severity) };
        }

        var threshold = Level(path, entry, "threshold", at, kind) ?? rule.Threshold;
        var clear = Level(path, entry, "clear", at, kind);
        if (clear is { } c && (kind == AlertRuleKind.RrsigExpiring ? c < threshold : c > threshold))
        {
            throw Invalid(path, entry, "clear", at, kind == AlertRuleKind.RrsigExpiring
                ? $"{c} is below the threshold ({threshold}); an alert about expiring signatures clears when more days are left."
                : $"{c} is above the threshold ({threshold}); the clear level is where a firing alert stops, below where it starts.");
        }

        var maxWindow = kind == AlertRuleKind.NoAck ? TimeSpan.FromMinutes(60) : TimeSpan.FromMinutes(120);
        rule = rule with
        {
            Threshold = threshold,
            Clear = clear,
            For = Duration(path, entry, "for", at, rule.For, TimeSpan.Zero, TimeSpan.FromDays(1)),
            Window = Duration(path, entry, "window", at, rule.Window, TimeSpan.FromSeconds(15), maxWindow),
            Summary = Scalar(path, entry, "summary", at) ?? rule.Summary,
            Description = Scalar(path, entry, "description", at) ?? rule.Description,
            RunbookUrl = Scalar(path, entry, "runbook-url", at),
        };
        if (rule.RunbookUrl is { } url && !(Uri.TryCreate(url.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"))
        {
            throw Invalid(path, entry, "runbook-url", at, $"'{Clip(url)}' is not an http(s) URL.");
        }

        if (Child(entry, "labels") is { } labelsNode)
        {
            if (labelsNode is not YamlMappingNode labels)
            {
                throw new AlertingConfigException($"{path}:{labelsNode.Start.Line}: {at}.labels: expected a mapping (team: netops).");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in labels.Children)
            {
                var label = (key as YamlScalarNode)?.Value ?? "";
                if (label.Length == 0 || !label.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') || char.IsAsciiDigit(label[0]))
                {
                    throw new AlertingConfigException($"{path}:{key.Start.Line}: {at}.labels: '{Clip(label)}' is not a label name (letters, digits and _, not starting with a digit).");
                }

                if (label is "alertname" or "severity")
                {
                    throw new AlertingConfigException($"{path}:{key.Start.Line}: {at}.labels.{label}: set by the rule itself (name and severity); remove it.");
                }

                map[label] = (value as YamlScalarNode)?.Value ?? throw new AlertingConfigException($"{path}:{value.Start.Line}: {at}.labels.{label}: expected a single value.");
            }

            rule = rule with { Labels = map };
        }

        return rule;
    }

    private static List<AlertChannel> Channels(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw new AlertingConfigException($"{path}:{node.Start.Line}: alerting.channels: expected a mapping of named channels (ops: {{type: alertmanager, url: ...}}).");
        }

        var channels = new List<AlertChannel>();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var at = $"alerting.channels.{Clip(name)}";
            if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new AlertingConfigException($"{path}:{key.Start.Line}: {at}: not a channel name (letters, digits, '-' and '_').");
            }

            if (value is not YamlMappingNode entry)
            {
                throw new AlertingConfigException($"{path}:{value.Start.Line}: {at}: expected a mapping (type, url, ...).");
            }

            Known(path, entry, ChannelKeys, at);
            var type = Scalar(path, entry, "type", at) switch
            {
                "alertmanager" => AlertChannelType.Alertmanager,
                "webhook" => AlertChannelType.Webhook,
                "pagerduty" => AlertChannelType.PagerDuty,
                "email" => AlertChannelType.Email,
                null => throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs type: alertmanager, webhook, pagerduty or email."),
                var other => throw Invalid(path, entry, "type", at, $"'{Clip(other)}' is not a channel type; use alertmanager, webhook, pagerduty or email."),
            };
            if (type == AlertChannelType.Email)
            {
                channels.Add(Email(path, entry, name, at) with { Location = $"{path}:{key.Start.Line}" });
                continue;
            }

            var urlText = Scalar(path, entry, "url", at) ?? (type == AlertChannelType.PagerDuty ? "https://events.pagerduty.com/v2/enqueue" : null) ?? throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs url: " +
                (type == AlertChannelType.Alertmanager ? "(Alertmanager's base URL, e.g. http://127.0.0.1:9093)." : "(where to POST, e.g. https://hooks.example.com/pguide)."));
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw Invalid(path, entry, "url", at, $"'{Clip(urlText)}' is not an http(s) URL.");
            }

            var secretKey = type == AlertChannelType.PagerDuty ? "routing-key" : "secret";
            if (Child(entry, type == AlertChannelType.PagerDuty ? "secret" : "routing-key") is { } misplaced)
            {
                throw new AlertingConfigException($"{path}:{misplaced.Start.Line}: {at}: a {Scalar(path, entry, "type", at)} channel takes {secretKey}:, not {(secretKey == "secret" ? "routing-key" : "secret")}:.");
            }

            var secret = Scalar(path, entry, secretKey, at);
            if (secret is not null && !(secret.StartsWith("env:", StringComparison.Ordinal) || secret.StartsWith("file:", StringComparison.Ordinal)))
            {
                // The value may be a pasted secret: never repeat it.
                throw Invalid(path, entry, secretKey, at, "must be env:NAME or file:/path (a secret written into pguide.yaml would end up in backups and repositories).");
            }

            if (secret is null && type == AlertChannelType.PagerDuty)
            {
                throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs routing-key: env:NAME or file:/path (the Events API v2 integration key).");
            }

            var perMinute = 100;
            if (Scalar(path, entry, "per-minute", at) is { } perMinuteText
                && !(int.TryParse(perMinuteText, NumberStyles.None, CultureInfo.InvariantCulture, out perMinute) && perMinute is >= 1 and <= 10_000))
            {
                throw Invalid(path, entry, "per-minute", at, $"'{Clip(perMinuteText)}' is not a whole number from 1 to 10000.");
            }

            var severities = Severities(path, entry, at);
            channels.Add(new AlertChannel
            {
                Name = name,
                Type = type,
                Url = url,
                Secret = secret,
                Severities = severities,
                Expire = Duration(path, entry, "expire", at, TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
                PerMinute = perMinute,
                Location = $"{path}:{key.Start.Line}",
            });
        }

        return channels;
    }

    private static AlertChannel Email(string path, YamlMappingNode entry, string name, string at)
    {
        var smtp = Scalar(path, entry, "smtp", at) ?? throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs smtp: host:port (e.g. smtp.example.com:587).");
        var colon = smtp.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(smtp.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || Uri.CheckHostName(smtp[..colon].Trim('[', ']')) == UriHostNameType.Unknown)
        {
            throw Invalid(path, entry, "smtp", at, $"'{Clip(smtp)}' is not host:port (smtp.example.com:587, 127.0.0.1:25).");
        }

        var tls = Scalar(path, entry, "tls", at) switch
        {
            null or "starttls" => SmtpSecurity.StartTls,
            "implicit" => SmtpSecurity.Implicit,
            "none" => SmtpSecurity.None,
            var other => throw Invalid(path, entry, "tls", at, $"'{Clip(other)}' is not starttls (the default), implicit (port 465) or none."),
        };
        var user = Scalar(path, entry, "user", at);
        var password = Scalar(path, entry, "password", at);
        if (password is not null && !(password.StartsWith("env:", StringComparison.Ordinal) || password.StartsWith("file:", StringComparison.Ordinal)))
        {
            throw Invalid(path, entry, "password", at, "must be env:NAME or file:/path (a password written into pguide.yaml would end up in backups and repositories).");
        }

        if ((user is null) != (password is null))
        {
            throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: SMTP authentication needs both user: and password:.");
        }

        if (password is not null && tls == SmtpSecurity.None)
        {
            throw Invalid(path, entry, "tls", at, "none with a password would send the password in clear; use starttls or implicit.");
        }

        var from = Scalar(path, entry, "from", at) ?? throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs from: (the sender, e.g. pguide@example.com).");
        var to = Child(entry, "to") is { } toNode ? Strings(path, toNode, $"{at}.to") : [];
        foreach (var address in to.Prepend(from))
        {
            if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
            {
                throw Invalid(path, entry, address == from ? "from" : "to", at, $"'{Clip(address)}' is not an email address.");
            }
        }

        if (to.Count == 0)
        {
            throw new AlertingConfigException($"{path}:{entry.Start.Line}: {at}: needs to: [ops@example.com, ...] (one recipient at least).");
        }

        return new AlertChannel
        {
            Name = name,
            Type = AlertChannelType.Email,
            Url = new Uri($"smtp://{smtp}"),
            Tls = tls,
            User = user,
            Secret = password,
            From = from,
            To = to,
            CaFile = Scalar(path, entry, "ca-file", at),
            Severities = Severities(path, entry, at),
            Expire = Duration(path, entry, "expire", at, TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
        };
    }

    private static HashSet<AlertSeverity> Severities(string path, YamlMappingNode entry, string at)
    {
        var severities = new HashSet<AlertSeverity>();
        if (Child(entry, "severities") is { } severitiesNode)
        {
            foreach (var text in Strings(path, severitiesNode, $"{at}.severities"))
            {
                severities.Add(Severity(path, entry, "severities", at, text));
            }
        }

        return severities;
    }

    private static AlertSeverity Severity(string path, YamlMappingNode entry, string key, string at, string text) =>
        AlertEngine.TryParseSeverity(text, out var severity) ? severity
            : throw Invalid(path, entry, key, at, $"'{Clip(text)}' is not a severity; use info, warning or critical.");

    /// <summary>A threshold or clear level in the kind's unit: a ratio or percentage for utilization, days, steps or a count.</summary>
    private static double? Level(string path, YamlMappingNode entry, string key, string at, AlertRuleKind kind)
    {
        if (Scalar(path, entry, key, at) is not { } text)
        {
            return null;
        }

        if (kind == AlertRuleKind.PoolUtilization)
        {
            var percent = text.EndsWith('%');
            return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && (percent ? n / 100 : n) is var r and > 0 and <= 1
                ? r
                : throw Invalid(path, entry, key, at, $"'{Clip(text)}' is not a utilization: a ratio (0.85) or a percentage (85%), above 0 and at most 1.");
        }

        if (kind == AlertRuleKind.RrsigExpiring)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 366
                ? days
                : throw Invalid(path, entry, key, at, $"'{Clip(text)}' is not a number of days from 0 to 366 (signatures expiring within it fire).");
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 1_000_000_000
            ? count
            : throw Invalid(path, entry, key, at, $"'{Clip(text)}' is not a whole number from 1 up (a count of events, lines, findings or serial steps).");
    }

    private static TimeSpan Duration(string path, YamlMappingNode node, string key, string at, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (Scalar(path, node, key, at) is not { } text)
        {
            return fallback;
        }

        var parsed = text == "0" ? TimeSpan.Zero : Durations.TryParse(text, out var d) ? d : (TimeSpan?)null;
        return parsed is { } value && value >= min && value <= max
            ? value
            : throw Invalid(path, node, key, at, $"'{Clip(text)}' is not a duration from {Durations.Format(min)} to {Durations.Format(max)}; write 30s, 5m, 2h or 1d.");
    }

    private static IReadOnlyList<string> Strings(string path, YamlNode node, string at) => node switch
    {
        YamlSequenceNode list => [.. list.Children.Select(item => (item as YamlScalarNode)?.Value ?? throw new AlertingConfigException($"{path}:{item.Start.Line}: {at}: expected a list of label names."))],
        _ => throw new AlertingConfigException($"{path}:{node.Start.Line}: {at}: expected a list of label names ([alertname, subnet]); [] sends one digest for everything."),
    };

    private static void Known(string path, YamlMappingNode node, string[] keys, string at)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(keys, name) < 0)
            {
                var close = keys.FirstOrDefault(k => k.StartsWith(name.Length > 3 ? name[..3] : name, StringComparison.Ordinal));
                throw new AlertingConfigException($"{path}:{key.Start.Line}: {at}.{Clip(name)}: unknown setting." +
                    (close is null ? $" Known: {string.Join(", ", keys)}." : $" Did you mean {at}.{close}?"));
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static Uri? DashboardUrl(string path, YamlMappingNode section)
    {
        if (Scalar(path, section, "dashboard-url", "alerting") is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url
            : throw Invalid(path, section, "dashboard-url", "alerting", $"'{Clip(text)}' is not an http(s) URL without query or fragment (e.g. https://pguide.example.net/).");
    }

    private static string? Scalar(string path, YamlMappingNode node, string key, string at) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new AlertingConfigException($"{path}:{other.Start.Line}: {at}.{key}: expected a single value."),
    };

    private static AlertingConfigException Invalid(string path, YamlMappingNode node, string key, string at, string message) =>
        new($"{path}:{Child(node, key)?.Start.Line ?? node.Start.Line}: {at}.{key}: {message}");

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
