using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// Real Kea serves perfdhcp in a network namespace; pguide serve follows Kea's log; a real Prometheus scrapes pguide.
/// PromQL over Prometheus's API must give Kea's own statistics.
/// </summary>
public sealed class PrometheusScrapeTests : IAsyncDisposable
{
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task PromQL_over_the_scraped_metrics_agrees_with_Kea_statistics()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "curl", "perl", "kea-dhcp4", "kea-ctrl-agent", "perfdhcp", "prometheus");
        var ct = TestContext.Current.CancellationToken;
        var keaWork = _cleanup.Add("delete Kea work directory", TestWorkDirectory.Create("prom-kea"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("pm", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(keaWork));
        await kea.StartInVethBedAsync(bed.Prefix, debug: false, ct);

        var serveWork = _cleanup.Add("delete serve work directory", TestWorkDirectory.Create("prom-serve"));
        var host = _cleanup.Add("stop the service", await ServeTestHost.StartAsync(serveWork, o => o with
        {
            Dhcp = o.Dhcp with { Logs = [kea.LogPath], Config = kea.ConfigPath },
        }, ct));
        var promWork = _cleanup.Add("delete Prometheus work directory", TestWorkDirectory.Create("prom"));
        var prometheus = _cleanup.Add("stop Prometheus", new PrometheusServer(promWork));
        await prometheus.StartAsync(host.BaseAddress.Authority, ct);

        // 200 DORAs at 100/s from up to 200 MACs through the relay for subnet 1, RELEASEs at 20/s.
        await PerfdhcpReport.RunAsync(bed.ClientNamespace,
            ["-4", "-l", "10.77.0.2", "-r", "100", "-n", "200", "-R", "200", "-F", "20", "-d", "2", "-W", "500000", "10.77.0.1"],
            keaWork.File("perfdhcp.txt"), ct);
        var stats = await KeaStatisticsReader.ReadAsync(kea.ControlSocket, ct);
        var acks = stats.Statistic("pkt4-ack-sent");
        var releases = stats.Statistic("pkt4-release-received");
        var assigned = stats.Statistic("subnet[1].assigned-addresses");
        Assert.True(acks > 0 && releases > 0 && assigned > 0, $"perfdhcp did too little: {acks} ACKs, {releases} RELEASEs, {assigned} assigned");

        await prometheus.ExpectAsync("up{job=\"pguide\"}", 1, ct);
        await prometheus.ExpectAsync("sum(pguide_dhcp_packets_total{operation=\"ack\"})", acks, ct);
        await prometheus.ExpectAsync("sum(pguide_dhcp_packets_total{operation=\"release\"})", releases, ct);
        await prometheus.ExpectAsync("pguide_dhcp_addresses_assigned{subnet=\"10.77.0.0/22\"}", assigned, ct);
        await prometheus.ExpectAsync("pguide_dhcp_addresses{subnet=\"10.77.0.0/22\"}", stats.Statistic("subnet[1].total-addresses"), ct);
        await prometheus.ExpectAsync("pguide_dhcp_addresses{subnet=\"10.78.0.0/24\"}", 3, ct);
        await prometheus.ExpectAsync("sum(pguide_pipeline_lines_unparsed_total)", 0, ct);
        await prometheus.ExpectAsync("pguide_pipeline_up", 1, ct);
        await prometheus.ExpectAsync("sum(pguide_http_request_duration_seconds_count{route=\"/metrics\",status=\"200\"})", v => v >= 1, "at least 1", ct);
    }
}
