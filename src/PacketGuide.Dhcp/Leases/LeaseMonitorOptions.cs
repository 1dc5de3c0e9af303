namespace PacketGuide.Dhcp.Leases;

/// <summary>How <see cref="LeaseMonitor.FollowAsync"/> reports and reconciles while it follows logs.</summary>
public sealed record LeaseMonitorOptions
{
    /// <summary>How often <see cref="OnSnapshot"/> receives the utilization (default 10 s).</summary>
    public TimeSpan SnapshotEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often to reconcile with <see cref="ServerLeases"/>; null: never.</summary>
    public TimeSpan? ReconcileEvery { get; init; }

    /// <summary>The server's own lease list (Kea's <c>lease4-get-all</c>); its answer replaces the tracker's state.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<Kea.KeaLease>>>? ServerLeases { get; init; }

    /// <summary>Receives each snapshot, with the reconciliation done just before it (null when none ran since the last one).</summary>
    public Func<UtilizationReport, LeaseReconciliation?, CancellationToken, ValueTask>? OnSnapshot { get; init; }

    /// <summary>Receives a reconciliation that failed (server unreachable, hook not loaded); following goes on.</summary>
    public Func<Exception, CancellationToken, ValueTask>? OnReconcileError { get; init; }
}
