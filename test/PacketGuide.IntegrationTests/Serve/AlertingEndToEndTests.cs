using System.Text.Json;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Rules;
using PacketGuide.Dhcp.Kea;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The whole chain on real parts: Kea serves perfdhcp in a network namespace, perfdhcp exhausts the 3-address pool of
/// 10.78.0.0/24, pguide serve follows Kea's log, the allocation-failure and pool-utilization alerts fire and reach a real
/// SMTP server (aiosmtpd) and the PagerDuty stand-in; the test client then RELEASEs the three leases Kea reports, and the
/// resolved notices follow.
/// </summary>
public sealed class AlertingEndToEndTests : IAsyncDisposable
{
    private const string Subnet = "10.78.0.0/24";
    private readonly AsyncCleanup _cleanup = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task An_exhausted_pool_pages_and_mails_then_its_releases_resolve_both()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "perfdhcp");
        var smtp = await AlertReceivers.StartSmtpAsync(_cleanup, Ct);
        var pagerDuty = _cleanup.Add("stop the PagerDuty stand-in", await PagerDutyStandIn.StartAsync(Ct));

        var keaWork = _cleanup.Add("delete Kea work directory", TestWorkDirectory.Create("e2e-kea"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("ae", Ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(keaWork));
        await kea.StartInVethBedAsync(bed.Prefix, debug: false, Ct);

        var serveWork = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("e2e-serve"));
        var keyFile = serveWork.File("pd-routing-key");
        await File.WriteAllTextAsync(keyFile, AlertReceivers.RoutingKey, Ct);
        var host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(serveWork, o => o with
        {
            Dhcp = o.Dhcp with { Logs = [kea.LogPath], Config = kea.ConfigPath },
            Alerting = new AlertingConfig
            {
                EvaluateEvery = TimeSpan.FromSeconds(1),
                DashboardUrl = new Uri("https://pguide.example.test/"),
                Rules =
                [
                    AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "allocation-failure") with { Window = TimeSpan.FromSeconds(20) },
                    AlertRuleDefaults.For(AlertRuleKind.PoolUtilization, "pool-utilization-critical") with
                    {
                        Severity = AlertSeverity.Critical, Threshold = 0.9, For = TimeSpan.Zero,
                    },
                ],
                Channels =
                [
                    AlertReceivers.Email(smtp, SmtpSecurity.None),
                    new AlertChannel { Name = "pager", Type = AlertChannelType.PagerDuty, Url = new Uri(pagerDuty.Url), Secret = $"file:{keyFile}" },
                ],
            },
        }, Ct));

        // 20 DISCOVERs from up to 50 MACs through the relay of 10.78.0.0/24: three get its three addresses, the others nothing.
        var report = await PerfdhcpReport.RunAsync(bed.ClientNamespace,
            ["-4", "-l", "10.78.0.2", "-r", "10", "-n", "20", "-R", "50", "-d", "2", "-W", "500000", "10.77.0.1"], keaWork.File("perfdhcp.txt"), Ct);
        using var api = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket });
        var leases = (await api.GetLeasesAsync(Ct)).Leases.Where(l => l.SubnetId == 2 && l.State == 0).ToList();
        Assert.True(leases.Count == 3 && report["REQUEST-ACK"].Received == 3, $"perfdhcp should have taken the 3-address pool:\n{report.Text}");

        // Paged: one PagerDuty incident per alert, keyed by rule and subnet.
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(pagerDuty.Incidents.Count == 2), "PagerDuty incidents for the failures and the full pool", Ct);
        Assert.Equal("critical", pagerDuty.Incidents[$"allocation-failure|subnet={Subnet}"].Severity);
        Assert.Equal("critical", pagerDuty.Incidents[$"pool-utilization-critical|subnet={Subnet}"].Severity);
        var trigger = pagerDuty.Accepted.First(e => e.GetProperty("dedup_key").GetString() == $"pool-utilization-critical|subnet={Subnet}");
        Assert.StartsWith($"Subnet {Subnet} is 100", trigger.GetProperty("payload").GetProperty("summary").GetString(), StringComparison.Ordinal);

        // With context: the subnet's figures and latest events (Kea's ACKs of the three leases), and the subnet's dashboard page.
        var details = trigger.GetProperty("payload").GetProperty("custom_details");
        Assert.Equal((3, "3"), (details.GetProperty("utilization").GetProperty("assigned").GetInt32(), details.GetProperty("utilization").GetProperty("total").GetString()));
        var recent = details.GetProperty("recent_events").EnumerateArray().ToList();
        Assert.Contains(recent, e => e.GetProperty("kind").GetString() == "ack" && leases.Any(l => l.Address.ToString() == e.GetProperty("address").GetString()));
        Assert.Contains(trigger.GetProperty("links").EnumerateArray(), l => l.GetProperty("href").GetString() == "https://pguide.example.test/#/subnet/10.78.0.0%2F24");

        // Mailed: one digest per alert group.
        var mails = Path.Combine(smtp["SMTP_MAILDIR"], "new");
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(AlertReceivers.Mails(mails).Count >= 2), "a mail per alert group", Ct);
        var failureMail = AlertReceivers.Mails(mails).Single(m => m.Subject == "[pguide] FIRING 1: alertname=allocation-failure");
        Assert.Contains($"Subnet {Subnet}:", failureMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("got no address", failureMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Utilization now: 3 of 3 addresses (100%)", failureMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Dashboard: https://pguide.example.test/#/subnet/10.78.0.0%2F24", failureMail.TextBody, StringComparison.Ordinal);

        // The three clients give their addresses back.
        var release = await DhcpTestClientRunner.RunDotnetAsync(bed.ClientNamespace, "pguide-dhcp-client.dll",
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay2, "--port", "67", "--client-port", "68", "--scenario", "release",
                .. leases.SelectMany(l => new[] { "--lease", $"{l.HwAddress}={l.Address}" })], Ct);
        release.EnsureExitCode();
        await ServeTestHost.EventuallyAsync(async () => (await api.GetLeasesAsync(Ct)).Leases.All(l => l.SubnetId != 2 || l.State != 0 || l.ValidLifetime == 0),
            "Kea to have released the three leases", Ct);

        // Both incidents resolved (the pool at once, the failures once the 20 s window holds none), and resolved mails.
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(pagerDuty.Incidents.Values.All(i => i.Resolved)), "both incidents resolved", Ct, TimeSpan.FromSeconds(60));
        await ServeTestHost.EventuallyAsync(() => Task.FromResult(AlertReceivers.Mails(mails).Count(m => m.Subject?.StartsWith("[pguide] RESOLVED 1:", StringComparison.Ordinal) == true) == 2),
            "a resolved notice per group", Ct, TimeSpan.FromSeconds(60));
        Assert.Empty(pagerDuty.Violations);
        Assert.All(pagerDuty.Incidents.Values, i => Assert.Equal(1, i.Triggers));

        using var client = host.Client(await host.CreateKeyAsync(PacketGuide.Server.Storage.ApiScope.Read, Ct));
        var outbox = JsonDocument.Parse(await client.GetStringAsync("/api/v1/alerts/notifications?limit=100", Ct)).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.All(outbox, n => Assert.Equal("delivered", n.GetProperty("state").GetString()));
        Assert.Equal(8, outbox.Count); // 2 alerts x (trigger + resolve) for PagerDuty, 2 groups x (firing + resolved) mails
    }
}
