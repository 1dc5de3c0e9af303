using System.Text;
using System.Text.Json;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Routing;
using PacketGuide.Alerting.Rules;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Tests;

/// <summary>The bytes each channel gets: PagerDuty's limits, the mail's encoding, and the context next to an alert.</summary>
public sealed class NotificationRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private static readonly Uri Dashboard = new("https://pguide.example.net/ops/");

    private static Alert PoolAlert(AlertState state = AlertState.Firing, string summary = "Subnet 10.78.0.0/24 is 100% full (threshold 90%)") => new()
    {
        Key = "pool-utilization-critical|subnet=10.78.0.0/24",
        Rule = "pool-utilization-critical",
        Kind = AlertRuleKind.PoolUtilization,
        Severity = AlertSeverity.Critical,
        Labels = [new("alertname", "pool-utilization-critical"), new("severity", "critical"), new("subnet", "10.78.0.0/24")],
        Summary = summary,
        RunbookUrl = "https://wiki.example.net/runbooks/dhcp-pool",
        Value = 1,
        State = state,
        ActiveSince = Now.AddMinutes(-3),
        FiredAt = Now.AddMinutes(-3),
        ResolvedAt = state == AlertState.Resolved ? Now : null,
    };

    private static AlertNotification Notify(params Alert[] alerts) =>
        new("alertname=pool-utilization-critical", [new("alertname", "pool-utilization-critical")],
            [.. alerts.Where(a => a.State != AlertState.Resolved)], [.. alerts.Where(a => a.State == AlertState.Resolved)], Now)
        { Reason = alerts.All(a => a.State == AlertState.Resolved) ? "resolved" : "firing" };

    private static readonly AlertChannel PagerDuty = new() { Name = "pager", Type = AlertChannelType.PagerDuty, Url = new Uri("https://events.pagerduty.com/v2/enqueue") };
    private static readonly AlertChannel Mail = new()
    {
        Name = "mail", Type = AlertChannelType.Email, Url = new Uri("smtp://127.0.0.1:25"), From = "pguide@example.test", To = ["ops@example.test"],
    };

    private static AlertContext Context(string hostname = "printer-3") => new(
        Dashboard,
        new Dictionary<string, SubnetUtilization>
        {
            ["10.78.0.0/24"] = new() { Subnet = "10.78.0.0/24", Configured = true, Total = 3, Assigned = 3, Declined = 0, OutsidePools = 0, Pools = [] },
        },
        new Dictionary<string, IReadOnlyList<EventRecord>>
        {
            ["10.78.0.0/24"] =
            [
                new() { Time = Now.AddSeconds(-5), Server = "kea", Kind = "allocation-failure", Mac = "00:0c:01:02:03:09", Subnet = "10.78.0.0/24" },
                new() { Time = Now.AddSeconds(-9), Server = "kea", Kind = "ack", Address = "10.78.0.12", Mac = "00:0c:01:02:03:04", Hostname = hostname, Via = "10.78.0.2" },
            ],
        },
        new Dictionary<string, IReadOnlyList<PacketGuide.Dns.Validation.ValidationFinding>>());

    [Fact]
    public void A_PagerDuty_trigger_carries_the_subnet_s_context_and_links_and_no_routing_key()
    {
        var message = Assert.Single(NotificationRenderer.Render(Notify(PoolAlert()), PagerDuty, Now, Context()));
        var e = JsonDocument.Parse(message.Body).RootElement;
        Assert.False(e.TryGetProperty("routing_key", out _)); // added on the way out, never stored
        Assert.Equal(("trigger", "pool-utilization-critical|subnet=10.78.0.0/24"), (e.GetProperty("event_action").GetString(), e.GetProperty("dedup_key").GetString()));
        var details = e.GetProperty("payload").GetProperty("custom_details");
        Assert.Equal((3, "3", 100.0), (details.GetProperty("utilization").GetProperty("assigned").GetInt32(), details.GetProperty("utilization").GetProperty("total").GetString(),
            details.GetProperty("utilization").GetProperty("percent").GetDouble()));
        Assert.Equal(["allocation-failure", "ack"], details.GetProperty("recent_events").EnumerateArray().Select(x => x.GetProperty("kind").GetString()));
        Assert.Equal("printer-3", details.GetProperty("recent_events")[1].GetProperty("hostname").GetString());
        Assert.Equal(
            ["https://pguide.example.net/ops/#/subnet/10.78.0.0%2F24", "https://wiki.example.net/runbooks/dhcp-pool"],
            e.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()));
    }

    [Fact]
    public void A_PagerDuty_resolve_is_only_the_key_and_the_action()
    {
        var message = Assert.Single(NotificationRenderer.Render(Notify(PoolAlert(AlertState.Resolved)), PagerDuty, Now, Context()));
        var e = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal(["event_action", "dedup_key", "client"], e.EnumerateObject().Select(p => p.Name));
        Assert.Equal("resolved", message.Reason);
    }

    [Fact]
    public void PagerDuty_s_limits_hold_for_huge_summaries_keys_and_log_data()
    {
        var huge = PoolAlert(summary: new string('s', 5000)) with { Key = new string('k', 400), Labels = [new("alertname", "x"), new("subnet", new string('n', 600_000))] };
        var context = Context(hostname: new string('h', 100_000));
        var message = Assert.Single(NotificationRenderer.Render(Notify(huge), PagerDuty, Now, context));
        var e = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal(1024, e.GetProperty("payload").GetProperty("summary").GetString()!.Length);
        Assert.True(e.GetProperty("dedup_key").GetString()!.Length <= 255);
        Assert.Equal(e.GetProperty("dedup_key").GetString(), message.DedupKey); // the same key on trigger and resolve
        Assert.True(Encoding.UTF8.GetByteCount(message.Body) < 512 * 1024, $"{message.Body.Length} characters");
    }

    [Fact]
    public void The_mail_lists_the_context_and_encodes_log_data_in_its_html()
    {
        var message = Assert.Single(NotificationRenderer.Render(Notify(PoolAlert()), Mail, Now, Context(hostname: "<script>alert(1)</script>")));
        var mail = JsonDocument.Parse(message.Body).RootElement;
        var text = mail.GetProperty("text").GetString()!;
        Assert.Contains("Utilization now: 3 of 3 addresses (100%), 0 declined", text, StringComparison.Ordinal);
        Assert.Contains("ack 10.78.0.12 00:0c:01:02:03:04 <script>alert(1)</script> via 10.78.0.2", text, StringComparison.Ordinal);
        Assert.Contains("Dashboard: https://pguide.example.net/ops/#/subnet/10.78.0.0%2F24", text, StringComparison.Ordinal);
        var html = mail.GetProperty("html").GetString()!;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://pguide.example.net/ops/#/subnet/10.78.0.0%2F24\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_context_nothing_extra_is_sent()
    {
        var message = Assert.Single(NotificationRenderer.Render(Notify(PoolAlert()), PagerDuty, Now));
        var e = JsonDocument.Parse(message.Body).RootElement;
        Assert.False(e.GetProperty("payload").GetProperty("custom_details").TryGetProperty("utilization", out _));
        Assert.Equal(["https://wiki.example.net/runbooks/dhcp-pool"], e.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()));
    }

    [Fact]
    public void Webhooks_and_Alertmanager_get_the_dashboard_page()
    {
        var hook = new AlertChannel { Name = "hook", Type = AlertChannelType.Webhook, Url = new Uri("https://hooks.example.net/") };
        var body = JsonDocument.Parse(Assert.Single(NotificationRenderer.Render(Notify(PoolAlert()), hook, Now, Context())).Body).RootElement;
        var alert = body.GetProperty("alerts")[0];
        Assert.Equal("https://pguide.example.net/ops/#/subnet/10.78.0.0%2F24", alert.GetProperty("annotations").GetProperty("dashboard_url").GetString());
        Assert.Equal(3, alert.GetProperty("context").GetProperty("utilization").GetProperty("assigned").GetInt32());

        var am = new AlertChannel { Name = "am", Type = AlertChannelType.Alertmanager, Url = new Uri("http://127.0.0.1:9093") };
        var posted = JsonDocument.Parse(Assert.Single(NotificationRenderer.Render(Notify(PoolAlert()), am, Now, Context())).Body).RootElement[0];
        Assert.Equal("https://pguide.example.net/ops/#/subnet/10.78.0.0%2F24", posted.GetProperty("generatorURL").GetString());
    }

    [Theory]
    [InlineData("""{"zones":[{"zone":"example.test.","findings":[{"severity":"info","check":"ttl","subject":"a","message":"m1"},{"severity":"error","check":"soa-serial","server":"ns2","subject":"example.test.","message":"behind"}]}]}""", "error,info")]
    [InlineData("""{"zones":[{"zone":"other.test.","findings":[{"severity":"error","check":"x","subject":"s","message":"m"}]}]}""", "")]
    [InlineData("""{"zones":"not a list"}""", "")]
    [InlineData("""{"zones":[{"zone":"example.test.","findings":[{"severity":7,"check":null}]}]}""", "")]
    [InlineData("[1,2,3]", "")]
    public void Findings_are_read_worst_first_from_a_stored_report_and_a_strange_one_gives_none(string report, string severities)
    {
        var found = AlertContextReader.Findings(JsonDocument.Parse(report).RootElement, new HashSet<string>(["example.test."], StringComparer.OrdinalIgnoreCase))
            .SelectMany(z => z.Findings).Select(f => PacketGuide.Dns.Validation.Output.ValidationSeverityNames.Name(f.Severity));
        Assert.Equal(severities, string.Join(",", found.Where(s => s.Length > 0)));
    }
}
