using PacketGuide.Dns.Query;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using Prometheus;

namespace PacketGuide.Server.Metrics;

/// <summary>
/// The DNS side of <c>/metrics</c>, in <see cref="ServerMetrics"/>'s registry: each zone's last validation (checks,
/// findings, signature expiry, SOA serial and lag per server), the runs, and a latency histogram of every answer the
/// validator got, by server. Labels are zone, check, severity and server only (bounded by configuration, never by data).
/// A zone validated again replaces its series; a zone no longer validated stops being exported after a full run.
/// </summary>
public sealed class DnsMetrics
{
    private static readonly double[] QueryBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Gauge _checkPassed;
    private readonly Gauge _findings;
    private readonly Gauge _rrsigExpiry;
    private readonly Gauge _serial;
    private readonly Gauge _serialLag;
    private readonly Gauge _lastRun;
    private readonly Gauge _runDuration;
    private readonly Counter _runs;
    private readonly Histogram _queryDuration;
    private readonly Dictionary<string, ZoneSeries> _zones = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DnsMetrics(ServerMetrics server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var factory = Prometheus.Metrics.WithCustomRegistry(server.Registry);
        _checkPassed = factory.CreateGauge("pguide_dns_validation_check_passed", "1 when the check ran in the zone's last validation and found nothing at warning or above, 0 when it did.", "zone", "check");
        _findings = factory.CreateGauge("pguide_dns_validation_findings", "Findings of the zone's last validation, by severity (error, warning, info).", "zone", "severity");
        _rrsigExpiry = factory.CreateGauge("pguide_dns_rrsig_expiry_seconds", "Seconds until the zone's first RRSIG expires (negative: expired); no series for an unsigned zone.", "zone");
        _serial = factory.CreateGauge("pguide_dns_soa_serial", "The SOA serial the server gave for the zone at the last validation.", "zone", "server");
        _serialLag = factory.CreateGauge("pguide_dns_soa_serial_lag", "SOA serial steps the server is behind the highest serial seen for the zone (0: current).", "zone", "server");
        _lastRun = factory.CreateGauge("pguide_dns_validation_last_run_timestamp_seconds", "Unix time the last successful validation run finished (alert when it stops moving).");
        _runDuration = factory.CreateGauge("pguide_dns_validation_duration_seconds", "How long the last validation run took.");
        _runs = factory.CreateCounter("pguide_dns_validation_runs_total", "Validation runs, by result (ok: it ran, whatever it found; failed: it could not run).", "result");
        _queryDuration = factory.CreateHistogram("pguide_dns_query_duration_seconds", "Answer time of the DNS queries validation sent, by server.",
            new HistogramConfiguration { LabelNames = ["server"], Buckets = QueryBuckets });
        _runs.WithLabels("ok");
        _runs.WithLabels("failed");
    }

    public void ObserveQuery(DnsServer server, TimeSpan latency)
    {
        ArgumentNullException.ThrowIfNull(server);
        _queryDuration.WithLabels(server.ToString()).Observe(latency.TotalSeconds);
    }

    public void RunFailed() => _runs.WithLabels("failed").Inc();

    /// <summary>Exports <paramref name="report"/>; after a <paramref name="full"/> run, zones it did not cover are removed.</summary>
    public void Apply(ValidationReport report, bool full)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            foreach (var zone in report.Zones)
            {
                Remove(zone.Zone);
                var series = new ZoneSeries();
                foreach (var outcome in ValidationCheckResults.For(zone).Where(o => o.Status != CheckStatus.Skipped))
                {
                    _checkPassed.WithLabels(zone.Zone, outcome.Check.Id).Set(outcome.Status == CheckStatus.Passed ? 1 : 0);
                    series.Checks.Add(outcome.Check.Id);
                }

                foreach (var severity in ValidationSeverityNames.WorstFirst)
                {
                    _findings.WithLabels(zone.Zone, ValidationSeverityNames.Name(severity)).Set(zone.Findings.Count(f => f.Severity == severity));
                }

                if (zone.RrsigExpirySeconds is { } expiry && double.IsFinite(expiry))
                {
                    _rrsigExpiry.WithLabels(zone.Zone).Set(expiry);
                }

                foreach (var (server, serial) in zone.Serials)
                {
                    _serial.WithLabels(zone.Zone, server).Set(serial);
                    series.Servers.Add(server);
                }

                foreach (var (server, lag) in zone.SerialLag)
                {
                    _serialLag.WithLabels(zone.Zone, server).Set(lag);
                    series.Servers.Add(server);
                }

                _zones[zone.Zone] = series;
            }

            if (full)
            {
                foreach (var gone in _zones.Keys.Except(report.Zones.Select(z => z.Zone), StringComparer.Ordinal).ToList())
                {
                    Remove(gone);
                }
            }

            _runs.WithLabels("ok").Inc();
            _lastRun.Set((report.Started + report.Duration).ToUnixTimeMilliseconds() / 1000.0);
            _runDuration.Set(report.Duration.TotalSeconds);
        }
    }

    private void Remove(string zone)
    {
        if (!_zones.Remove(zone, out var series))
        {
            return;
        }

        foreach (var check in series.Checks)
        {
            _checkPassed.RemoveLabelled(zone, check);
        }

        foreach (var severity in ValidationSeverityNames.WorstFirst)
        {
            _findings.RemoveLabelled(zone, ValidationSeverityNames.Name(severity));
        }

        _rrsigExpiry.RemoveLabelled(zone);
        foreach (var server in series.Servers)
        {
            _serial.RemoveLabelled(zone, server);
            _serialLag.RemoveLabelled(zone, server);
        }
    }

    private sealed class ZoneSeries
    {
        public HashSet<string> Checks { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Servers { get; } = new(StringComparer.Ordinal);
    }
}
