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

    private readonly Counter packets;
    private readonly Counter allocationFailures;
    private readonly Gauge addresses;
    private readonly Gauge assigned;
    private readonly Gauge declined;
    private readonly Gauge utilization;
    private readonly Gauge poolAddresses;
    private readonly Gauge poolAssigned;
    private readonly Gauge poolUtilization;
    private readonly Gauge leasesActive;
    private readonly Counter linesRead;
    private readonly Counter linesUnparsed;
    private readonly Counter eventsStored;
    private readonly Counter storeFailures;
    private readonly Gauge tailLag;
    private readonly Gauge lastBatchAge;
    private readonly Gauge pipelineUp;
    private readonly Gauge streamSubscribers;
    private readonly Histogram storeWrite;
    private readonly Gauge keaUp;
    private readonly Counter keaReconciliations;
    private readonly Gauge reconcileDrift;
    private readonly Histogram httpDuration;
    private readonly HashSet<(string Subnet, string Id)> subnetLabels = [];
    private readonly HashSet<(string Subnet, string Pool)> poolLabels = [];
    private readonly Lock scrapeGate = new();

    public ServerMetrics(LeaseTracker tracker, PipelineStatus status, EventHub hub, KeaHealth kea, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(kea);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        packets = factory.CreateCounter("pguide_dhcp_packets_total", "DHCP messages seen in the logs, by server and operation (discover, offer, request, ack, nak, release, decline, inform, expire, allocation-failed).", "server", "operation");
        allocationFailures = factory.CreateCounter("pguide_dhcp_allocation_failures_total", "Requests the server could not give an address to (pool exhausted), by server and subnet.", "server", "subnet");
        addresses = factory.CreateGauge("pguide_dhcp_addresses", "Addresses in the subnet's pools (from the DHCP server's configuration).", "subnet", "subnet_id");
        assigned = factory.CreateGauge("pguide_dhcp_addresses_assigned", "Addresses leased (or declined) in the subnet now.", "subnet", "subnet_id");
        declined = factory.CreateGauge("pguide_dhcp_addresses_declined", "Addresses declined by a client (address conflict) and held for probation.", "subnet", "subnet_id");
        utilization = factory.CreateGauge("pguide_dhcp_utilization_ratio", "Assigned over total addresses of the subnet, 0 to 1.", "subnet", "subnet_id");
        poolAddresses = factory.CreateGauge("pguide_dhcp_pool_addresses", "Addresses in one pool.", "subnet", "pool");
        poolAssigned = factory.CreateGauge("pguide_dhcp_pool_addresses_assigned", "Addresses leased (or declined) in one pool now.", "subnet", "pool");
        poolUtilization = factory.CreateGauge("pguide_dhcp_pool_utilization_ratio", "Assigned over total addresses of one pool, 0 to 1.", "subnet", "pool");
        leasesActive = factory.CreateGauge("pguide_dhcp_leases_active", "Leases held now, all subnets (declined addresses not included).");
        linesRead = factory.CreateCounter("pguide_pipeline_lines_read_total", "Log lines the pipeline has read.");
        linesUnparsed = factory.CreateCounter("pguide_pipeline_lines_unparsed_total", "Log lines that were not DHCP events PacketGuide could read, by reason.", "reason");
        eventsStored = factory.CreateCounter("pguide_pipeline_events_stored_total", "DHCP events written to the store (re-deliveries not counted).");
        storeFailures = factory.CreateCounter("pguide_pipeline_store_failures_total", "Batches the store refused; they are retried.");
        tailLag = factory.CreateGauge("pguide_pipeline_tail_lag_seconds", "Now minus the time of the newest event read: how far behind the logs the pipeline is (or how quiet they are).");
        lastBatchAge = factory.CreateGauge("pguide_pipeline_checkpoint_age_seconds", "Seconds since the pipeline last delivered a batch and moved its checkpoint.");
        pipelineUp = factory.CreateGauge("pguide_pipeline_up", "1 while the pipeline runs, 0 when it has stopped or failed.");
        streamSubscribers = factory.CreateGauge("pguide_http_event_stream_clients", "Clients connected to the server-sent event stream.");
        keaUp = factory.CreateGauge("pguide_kea_up", "1 when the last lease reconciliation with Kea succeeded, 0 when it failed (only with serve.dhcp.kea).");
        keaReconciliations = factory.CreateCounter("pguide_kea_reconciliations_total", "Lease reconciliations with Kea, by result (ok, failed).", "result");
        reconcileDrift = factory.CreateGauge("pguide_dhcp_reconcile_drift", "Leases the last reconciliation found missing here, extra here, or changed, against Kea's list.", "kind");
        storeWrite = factory.CreateHistogram("pguide_pipeline_store_write_seconds", "Time to write one batch (events and lease changes) to the store.",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        httpDuration = factory.CreateHistogram("pguide_http_request_duration_seconds", "HTTP request duration, by route template, method and status code.",
            new HistogramConfiguration { LabelNames = ["route", "method", "status"], Buckets = LatencyBuckets });

        // Every reason exported from the start at 0, so sum() and rate() work before the first unparsed line.
        for (var i = 0; i < UnparsedReasons.Count; i++)
        {
            linesUnparsed.WithLabels(((UnparsedReason)i).ToWireName());
        }

        Registry.AddBeforeCollectCallback(() =>
        {
            lock (scrapeGate)
            {
                var now = timeProvider.GetUtcNow();
                Observe(tracker.GetUtilization(now));
                linesRead.IncTo(status.Tail.Lines);
                for (var i = 0; i < UnparsedReasons.Count; i++)
                {
                    var reason = (UnparsedReason)i;
                    if (status.Tail.UnparsedOf(reason) is var n and > 0)
                    {
                        linesUnparsed.WithLabels(reason.ToWireName()).IncTo(n);
                    }
                }

                eventsStored.IncTo(status.StoredEvents);
                storeFailures.IncTo(status.StoreFailures);
                tailLag.Set(status.LastEventTime is { } t ? Math.Max(0, (now - t).TotalSeconds) : 0);
                lastBatchAge.Set(status.Tail.LastBatch is { } b ? Math.Max(0, (now - b).TotalSeconds) : 0);
                pipelineUp.Set(status.Running ? 1 : 0);
                streamSubscribers.Set(hub.Subscribers);
                if (kea.Target is not null)
                {
                    keaUp.Set(kea.Up == true ? 1 : 0);
                    keaReconciliations.WithLabels("ok").IncTo(kea.Succeeded);
                    keaReconciliations.WithLabels("failed").IncTo(kea.Failures);
                    if (kea.LastDrift is { } drift)
                    {
                        reconcileDrift.WithLabels("missing").Set(drift.Missing);
                        reconcileDrift.WithLabels("extra").Set(drift.Extra);
                        reconcileDrift.WithLabels("changed").Set(drift.Changed);
                    }
                }
            }
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Counts one batch's events (the pipeline calls this once per batch).</summary>
    public void Count(IReadOnlyList<LeaseEvent> events, SubnetNames subnets)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(subnets);
        foreach (var e in events)
        {
            packets.WithLabels(e.Server, e.Kind.ToWireName()).Inc();
            if (e.Kind == DhcpMessageKind.AllocationFailed)
            {
                allocationFailures.WithLabels(e.Server, subnets.Of(e) ?? "").Inc();
            }
        }
    }

    public void ObserveStoreWrite(TimeSpan elapsed) => storeWrite.Observe(elapsed.TotalSeconds);

    public void ObserveRequest(string route, string method, int status, TimeSpan elapsed) =>
        httpDuration.WithLabels(route, method, status.ToString(CultureInfo.InvariantCulture)).Observe(elapsed.TotalSeconds);

    private void Observe(UtilizationReport report)
    {
        leasesActive.Set(report.ActiveLeases);
        var seenSubnets = new HashSet<(string Subnet, string Id)>();
        var seenPools = new HashSet<(string Subnet, string Pool)>();
        foreach (var subnet in report.Subnets)
        {
            var id = subnet.Id?.ToString(CultureInfo.InvariantCulture) ?? "";
            seenSubnets.Add((subnet.Subnet, id));
            addresses.WithLabels(subnet.Subnet, id).Set((double)subnet.Total);
            assigned.WithLabels(subnet.Subnet, id).Set(subnet.Assigned);
            declined.WithLabels(subnet.Subnet, id).Set(subnet.Declined);
            utilization.WithLabels(subnet.Subnet, id).Set(subnet.Ratio ?? 0);
            foreach (var pool in subnet.Pools)
            {
                seenPools.Add((subnet.Subnet, pool.Range));
                poolAddresses.WithLabels(subnet.Subnet, pool.Range).Set((double)pool.Total);
                poolAssigned.WithLabels(subnet.Subnet, pool.Range).Set(pool.Assigned);
                poolUtilization.WithLabels(subnet.Subnet, pool.Range).Set(pool.Ratio ?? 0);
            }
        }

        // A subnet that left the configuration stops being exported rather than freezing at its last value.
        foreach (var gone in subnetLabels.Except(seenSubnets).ToList())
        {
            foreach (var gauge in (Gauge[])[addresses, assigned, declined, utilization])
            {
                gauge.RemoveLabelled(gone.Subnet, gone.Id);
            }
        }

        foreach (var gone in poolLabels.Except(seenPools).ToList())
        {
            foreach (var gauge in (Gauge[])[poolAddresses, poolAssigned, poolUtilization])
            {
                gauge.RemoveLabelled(gone.Subnet, gone.Pool);
            }
        }

        subnetLabels.Clear();
        subnetLabels.UnionWith(seenSubnets);
        poolLabels.Clear();
        poolLabels.UnionWith(seenPools);
    }
}
