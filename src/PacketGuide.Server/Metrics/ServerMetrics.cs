using System.Globalization;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dhcp.Parsing;
using PacketGuide.Server.Pipeline;
using Prometheus;

namespace PacketGuide.Server.Metrics;

/// <summary>
/// PacketGuide's Prometheus metrics, in a registry of their own (no process-wide default registry, none of
/// prometheus-net's default collectors: they fail <c>promtool check metrics</c>). Counters count as events happen;
/// address gauges are computed from the lease tracker at scrape time, which costs O(pools), not O(leases).
/// Every metric is listed in docs/metrics.md; names follow Kea/Stork's where an equivalent exists.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Counter _packets;
    private readonly Counter _allocationFailures;
    private readonly Gauge _addresses;
    private readonly Gauge _assigned;
    private readonly Gauge _declined;
    private readonly Gauge _utilization;
    private readonly Gauge _poolAddresses;
    private readonly Gauge _poolAssigned;
    private readonly Gauge _poolUtilization;
    private readonly Gauge _leasesActive;
    private readonly Counter _linesRead;
    private readonly Counter _linesUnparsed;
    private readonly Counter _eventsStored;
    private readonly Counter _storeFailures;
    private readonly Gauge _tailLag;
    private readonly Gauge _lastBatchAge;
    private readonly Gauge _pipelineUp;
    private readonly Gauge _streamSubscribers;
    private readonly Histogram _storeWrite;
    private readonly Gauge _keaUp;
    private readonly Counter _keaReconciliations;
    private readonly Gauge _reconcileDrift;
    private readonly Histogram _httpDuration;
    private readonly HashSet<(string Subnet, string Id)> _subnetLabels = [];
    private readonly HashSet<(string Subnet, string Pool)> _poolLabels = [];
    private readonly Lock _scrapeGate = new();

    public ServerMetrics(LeaseTracker tracker, PipelineStatus status, EventHub hub, KeaHealth kea, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(kea);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _packets = factory.CreateCounter("pguide_dhcp_packets_total", "DHCP messages seen in the logs, by server and operation (discover, offer, request, ack, nak, release, decline, inform, expire, allocation-failed).", "server", "operation");
        _allocationFailures = factory.CreateCounter("pguide_dhcp_allocation_failures_total", "Requests the server could not give an address to (pool exhausted), by server and subnet.", "server", "subnet");
        _addresses = factory.CreateGauge("pguide_dhcp_addresses", "Addresses in the subnet's pools (from the DHCP server's configuration).", "subnet", "subnet_id");
        _assigned = factory.CreateGauge("pguide_dhcp_addresses_assigned", "Addresses leased (or declined) in the subnet now.", "subnet", "subnet_id");
        _declined = factory.CreateGauge("pguide_dhcp_addresses_declined", "Addresses declined by a client (address conflict) and held for probation.", "subnet", "subnet_id");
        _utilization = factory.CreateGauge("pguide_dhcp_utilization_ratio", "Assigned over total addresses of the subnet, 0 to 1.", "subnet", "subnet_id");
        _poolAddresses = factory.CreateGauge("pguide_dhcp_pool_addresses", "Addresses in one pool.", "subnet", "pool");
        _poolAssigned = factory.CreateGauge("pguide_dhcp_pool_addresses_assigned", "Addresses leased (or declined) in one pool now.", "subnet", "pool");
        _poolUtilization = factory.CreateGauge("pguide_dhcp_pool_utilization_ratio", "Assigned over total addresses of one pool, 0 to 1.", "subnet", "pool");
        _leasesActive = factory.CreateGauge("pguide_dhcp_leases_active", "Leases held now, all subnets (declined addresses not included).");
        _linesRead = factory.CreateCounter("pguide_pipeline_lines_read_total", "Log lines the pipeline has read.");
        _linesUnparsed = factory.CreateCounter("pguide_pipeline_lines_unparsed_total", "Log lines that were not DHCP events PacketGuide could read, by reason.", "reason");
        _eventsStored = factory.CreateCounter("pguide_pipeline_events_stored_total", "DHCP events written to the store (re-deliveries not counted).");
        _storeFailures = factory.CreateCounter("pguide_pipeline_store_failures_total", "Batches the store refused; they are retried.");
        _tailLag = factory.CreateGauge("pguide_pipeline_tail_lag_seconds", "Now minus the time of the newest event read: how far behind the logs the pipeline is (or how quiet they are).");
        _lastBatchAge = factory.CreateGauge("pguide_pipeline_checkpoint_age_seconds", "Seconds since the pipeline last delivered a batch and moved its checkpoint.");
        _pipelineUp = factory.CreateGauge("pguide_pipeline_up", "1 while the pipeline runs, 0 when it has stopped or failed.");
        _streamSubscribers = factory.CreateGauge("pguide_http_event_stream_clients", "Clients connected to the server-sent event stream.");
        _keaUp = factory.CreateGauge("pguide_kea_up", "1 when the last lease reconciliation with Kea succeeded, 0 when it failed (only with serve.dhcp.kea).");
        _keaReconciliations = factory.CreateCounter("pguide_kea_reconciliations_total", "Lease reconciliations with Kea, by result (ok, failed).", "result");
        _reconcileDrift = factory.CreateGauge("pguide_dhcp_reconcile_drift", "Leases the last reconciliation found missing here, extra here, or changed, against Kea's list.", "kind");
        _storeWrite = factory.CreateHistogram("pguide_pipeline_store_write_seconds", "Time to write one batch (events and lease changes) to the store.",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        _httpDuration = factory.CreateHistogram("pguide_http_request_duration_seconds", "HTTP request duration, by route template, method and status code.",
            new HistogramConfiguration { LabelNames = ["route", "method", "status"], Buckets = LatencyBuckets });

        // Every reason exported from the start at 0, so sum() and rate() work before the first unparsed line.
        for (var i = 0; i < UnparsedReasons.Count; i++)
        {
            _linesUnparsed.WithLabels(((UnparsedReason)i).ToWireName());
        }

        Registry.AddBeforeCollectCallback(() =>
        {
            lock (_scrapeGate)
            {
                var now = timeProvider.GetUtcNow();
                Observe(tracker.GetUtilization(now));
                _linesRead.IncTo(status.Tail.Lines);
                for (var i = 0; i < UnparsedReasons.Count; i++)
                {
                    var reason = (UnparsedReason)i;
                    if (status.Tail.UnparsedOf(reason) is var n and > 0)
                    {
                        _linesUnparsed.WithLabels(reason.ToWireName()).IncTo(n);
                    }
                }

                _eventsStored.IncTo(status.StoredEvents);
                _storeFailures.IncTo(status.StoreFailures);
                _tailLag.Set(status.LastEventTime is { } t ? Math.Max(0, (now - t).TotalSeconds) : 0);
                _lastBatchAge.Set(status.Tail.LastBatch is { } b ? Math.Max(0, (now - b).TotalSeconds) : 0);
                _pipelineUp.Set(status.Running ? 1 : 0);
                _streamSubscribers.Set(hub.Subscribers);
                if (kea.Target is not null)
                {
                    _keaUp.Set(kea.Up == true ? 1 : 0);
                    _keaReconciliations.WithLabels("ok").IncTo(kea.Succeeded);
                    _keaReconciliations.WithLabels("failed").IncTo(kea.Failures);
                    if (kea.LastDrift is { } drift)
                    {
                        _reconcileDrift.WithLabels("missing").Set(drift.Missing);
                        _reconcileDrift.WithLabels("extra").Set(drift.Extra);
                        _reconcileDrift.WithLabels("changed").Set(drift.Changed);
                    }
                }
            }
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>
    /// Counts one batch's events (the pipeline calls this once per batch). Counted per server and kind first, so a batch
    /// of thousands of lines costs one labelled increment per server and kind, not one per event.
    /// </summary>
    public void Count(IReadOnlyList<LeaseEvent> events, SubnetNames subnets)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(subnets);
        var perServer = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!perServer.TryGetValue(e.Server, out var perKind))
            {
                perServer[e.Server] = perKind = new long[DhcpMessageKinds.Count];
            }

            perKind[(int)e.Kind]++;
            if (e.Kind == DhcpMessageKind.AllocationFailed)
            {
                _allocationFailures.WithLabels(e.Server, subnets.Of(e) ?? "").Inc();
            }
        }

        foreach (var (server, perKind) in perServer)
        {
            for (var kind = 0; kind < perKind.Length; kind++)
            {
                if (perKind[kind] > 0)
                {
                    _packets.WithLabels(server, ((DhcpMessageKind)kind).ToWireName()).Inc(perKind[kind]);
                }
            }
        }
    }

    public void ObserveStoreWrite(TimeSpan elapsed) => _storeWrite.Observe(elapsed.TotalSeconds);

    public void ObserveRequest(string route, string method, int status, TimeSpan elapsed) =>
        _httpDuration.WithLabels(route, method, status.ToString(CultureInfo.InvariantCulture)).Observe(elapsed.TotalSeconds);

    private void Observe(UtilizationReport report)
    {
        _leasesActive.Set(report.ActiveLeases);
        var seenSubnets = new HashSet<(string Subnet, string Id)>();
        var seenPools = new HashSet<(string Subnet, string Pool)>();
        foreach (var subnet in report.Subnets)
        {
            var id = subnet.Id?.ToString(CultureInfo.InvariantCulture) ?? "";
            seenSubnets.Add((subnet.Subnet, id));
            _addresses.WithLabels(subnet.Subnet, id).Set((double)subnet.Total);
            _assigned.WithLabels(subnet.Subnet, id).Set(subnet.Assigned);
            _declined.WithLabels(subnet.Subnet, id).Set(subnet.Declined);
            _utilization.WithLabels(subnet.Subnet, id).Set(subnet.Ratio ?? 0);
            foreach (var pool in subnet.Pools)
            {
                seenPools.Add((subnet.Subnet, pool.Range));
                _poolAddresses.WithLabels(subnet.Subnet, pool.Range).Set((double)pool.Total);
                _poolAssigned.WithLabels(subnet.Subnet, pool.Range).Set(pool.Assigned);
                _poolUtilization.WithLabels(subnet.Subnet, pool.Range).Set(pool.Ratio ?? 0);
            }
        }

        // A subnet that left the configuration stops being exported rather than freezing at its last value.
        foreach (var gone in _subnetLabels.Except(seenSubnets).ToList())
        {
            foreach (var gauge in (Gauge[])[_addresses, _assigned, _declined, _utilization])
            {
                gauge.RemoveLabelled(gone.Subnet, gone.Id);
            }
        }

        foreach (var gone in _poolLabels.Except(seenPools).ToList())
        {
            foreach (var gauge in (Gauge[])[_poolAddresses, _poolAssigned, _poolUtilization])
            {
                gauge.RemoveLabelled(gone.Subnet, gone.Pool);
            }
        }

        _subnetLabels.Clear();
        _subnetLabels.UnionWith(seenSubnets);
        _poolLabels.Clear();
        _poolLabels.UnionWith(seenPools);
    }
}
