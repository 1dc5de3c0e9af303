using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Rules;

namespace PacketGuide.Alerting.Tests;

public sealed class AlertingConfigLoaderTests
{
    private static string Failure(string yaml) => Assert.Throws<AlertingConfigException>(() => AlertingConfigLoader.Parse("pguide.yaml", yaml)).Message;

    [Fact]
    public void Without_an_alerting_section_the_built_in_rules_apply()
    {
        var config = AlertingConfigLoader.Parse("pguide.yaml", "serve: {}\n");

        Assert.Equal(AlertRuleDefaults.Set, config.Rules);
        Assert.Equal(11, config.Rules.Count);
        Assert.Equal(Enum.GetValues<AlertRuleKind>().Order(), config.Rules.Select(r => r.Kind).Distinct().Order());
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromHours(4)), (config.EvaluateEvery, config.RepeatInterval));
        Assert.Equal(["alertname"], config.GroupBy);
        Assert.Null(config.DashboardUrl);
    }

    [Theory]
    [InlineData("https://pguide.example.net", "https://pguide.example.net/")]
    [InlineData("https://example.net/pguide", "https://example.net/pguide/")]
    [InlineData("http://10.0.0.5:8080/", "http://10.0.0.5:8080/")]
    public void The_dashboard_url_is_a_base_for_links(string configured, string expected) =>
        Assert.Equal(expected, AlertingConfigLoader.Parse("pguide.yaml", $"alerting:\n  dashboard-url: {configured}\n").DashboardUrl!.AbsoluteUri);

    [Fact]
    public void Rules_are_read_with_their_kind_defaults_filled_in()
    {
        var config = AlertingConfigLoader.Parse("pguide.yaml", """
            alerting:
              evaluate-every: 5s
              group-by: [alertname, subnet]
              repeat-interval: 1h
              rules:
                - name: pool-high
                  kind: pool-utilization
                  severity: critical
                  threshold: 85%
                  clear: 0.8
                  for: 2m
                  labels: { team: netops }
                  summary: "{subnet} at {value}"
                  runbook-url: https://wiki.example.com/runbooks/{alertname}
                - name: signatures
                  kind: rrsig-expiring
                  threshold: 7
                  clear: 8
            """);

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)), (config.EvaluateEvery, config.RepeatInterval));
        Assert.Equal(["alertname", "subnet"], config.GroupBy);
        var pool = config.Rules[0];
        Assert.Equal((AlertRuleKind.PoolUtilization, AlertSeverity.Critical, 0.85, (double?)0.8, TimeSpan.FromMinutes(2)), (pool.Kind, pool.Severity, pool.Threshold, pool.Clear, pool.For));
        Assert.Equal("netops", pool.Labels["team"]);
        Assert.Equal("{subnet} at {value}", pool.Summary);
        Assert.Equal("pguide.yaml:6", pool.Location);
        var signatures = config.Rules[1];
        Assert.Equal((AlertSeverity.Critical, 7.0, (double?)8.0), (signatures.Severity, signatures.Threshold, signatures.Clear));
        Assert.StartsWith("Zone {zone}: signatures expire", signatures.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alerting: [1]\n", "pguide.yaml:1: alerting: expected a mapping")]
    [InlineData("alerting:\n  dashboard-url: pguide.example.net\n", "pguide.yaml:2: alerting.dashboard-url: 'pguide.example.net' is not an http(s) URL")]
    [InlineData("alerting:\n  dashboard-url: https://pguide.example.net/?x=1\n", "without query or fragment")]
    [InlineData("alerting:\n  dashboard-url: [a]\n", "alerting.dashboard-url: expected a single value")]
    [InlineData("alerting:\n  rule: []\n", "alerting.rule: unknown setting. Did you mean alerting.rules?")]
    [InlineData("alerting:\n  channels: [a]\n", "alerting.channels: expected a mapping of named channels")]
    [InlineData("alerting:\n  channels:\n    x: {type: sms}\n", "alerting.channels.x.type: 'sms' is not a channel type")]
    [InlineData("alerting:\n  channels:\n    x: {type: webhook, url: https://h/x, secret: hunter2}\n", "alerting.channels.x.secret: must be env:NAME or file:/path")]
    [InlineData("alerting:\n  channels:\n    x: {type: pagerduty}\n", "alerting.channels.x: needs routing-key:")]
    [InlineData("alerting:\n  channels:\n    x: {type: pagerduty, secret: env:K}\n", "a pagerduty channel takes routing-key:, not secret:")]
    [InlineData("alerting:\n  channels:\n    x: {type: alertmanager}\n", "alerting.channels.x: needs url:")]
    [InlineData("alerting:\n  channels:\n    x: {type: email, smtp: 'mail:25', from: a@b.c}\n", "needs to:")]
    [InlineData("alerting:\n  channels:\n    x: {type: email, smtp: 'mail', from: a@b.c, to: [o@b.c]}\n", "is not host:port")]
    [InlineData("alerting:\n  channels:\n    x: {type: email, smtp: 'mail:25', tls: none, user: u, password: env:P, from: a@b.c, to: [o@b.c]}\n", "would send the password in clear")]
    [InlineData("alerting:\n  channels:\n    x: {type: email, smtp: 'mail:25', from: 'not an address', to: [o@b.c]}\n", "alerting.channels.x.from: 'not an address' is not an email address")]
    [InlineData("alerting:\n  channels:\n    x: {type: webhook, url: https://h/x, severities: [page]}\n", "'page' is not a severity")]
    [InlineData("alerting:\n  rules: {a: 1}\n", "alerting.rules: expected a list")]
    [InlineData("alerting:\n  rules:\n    - kind: decline\n", "alerting.rules[0]: needs name:")]
    [InlineData("alerting:\n  rules:\n    - name: x\n", "alerting.rules[0]: needs kind:")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: disk-full\n", "pguide.yaml:4: alerting.rules[0].kind: 'disk-full' is not a rule kind")]
    [InlineData("alerting:\n  rules:\n    - name: 'a b'\n      kind: decline\n", "'a b' is not a rule name")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n    - name: x\n      kind: nak-rate\n", "alerting.rules[1].name: 'x' is used twice (also at pguide.yaml:3)")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n      severity: page\n", "alerting.rules[0].severity: 'page' is not a severity")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: pool-utilization\n      threshold: 120%\n", "is not a utilization")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: pool-utilization\n      threshold: 80%\n      clear: 90%\n", "alerting.rules[0].clear: 0.9 is above the threshold (0.8)")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: rrsig-expiring\n      threshold: 7\n      clear: 3\n", "clears when more days are left")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: nak-rate\n      threshold: 2.5\n", "'2.5' is not a whole number")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: nak-rate\n      threshold: 0\n", "'0' is not a whole number from 1 up")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: nak-rate\n      for: soon\n", "alerting.rules[0].for: 'soon' is not a duration")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: no-ack\n      window: 2h\n", "alerting.rules[0].window: '2h' is not a duration from 15s to 1h")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n      labels: {severity: low}\n", "alerting.rules[0].labels.severity: set by the rule itself")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n      labels: {'bad-label': x}\n", "'bad-label' is not a label name")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n      runbook-url: wiki/x\n", "'wiki/x' is not an http(s) URL")]
    [InlineData("alerting:\n  rules:\n    - name: x\n      kind: decline\n      summary: [a]\n", "alerting.rules[0].summary: expected a single value")]
    [InlineData("alerting:\n  evaluate-every: 0\n", "alerting.evaluate-every: '0' is not a duration from 1s to 5m")]
    [InlineData("alerting:\n  group-by: alertname\n", "alerting.group-by: expected a list of label names")]
    [InlineData("alerting: {rules: [\n", "not valid YAML")]
    public void Mistakes_are_refused_with_the_line_the_key_and_the_fix(string yaml, string expected) =>
        Assert.Contains(expected, Failure(yaml), StringComparison.Ordinal);

    [Fact]
    public void An_empty_rule_list_means_no_alerting_and_for_zero_fires_at_once()
    {
        Assert.Empty(AlertingConfigLoader.Parse("pguide.yaml", "alerting:\n  rules: []\n").Rules);
        var rule = Assert.Single(AlertingConfigLoader.Parse("pguide.yaml", "alerting:\n  rules:\n    - {name: x, kind: kea-unreachable, for: 0}\n").Rules);
        Assert.Equal(TimeSpan.Zero, rule.For);
    }
}
