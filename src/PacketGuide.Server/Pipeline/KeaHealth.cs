using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Server.Pipeline;

/// <summary>How the last reconciliations with Kea went, for /metrics and /api/v1/servers.</summary>
public sealed class KeaHealth
{
    private readonly Lock _gate = new();
    private long _succeeded;
    private long _failed;

    /// <summary>The Control Agent URL or control socket, or null when no Kea is configured.</summary>
    public string? Target { get; init; }

    public bool? Up { get; private set; }

    public DateTimeOffset? LastSuccess { get; private set; }

    public string? LastError { get; private set; }

    public LeaseReconciliation? LastDrift { get; private set; }

    public long Succeeded => Volatile.Read(ref _succeeded);

    public long Failures => Volatile.Read(ref _failed);

    internal void Reconciled(LeaseReconciliation drift)
    {
        lock (_gate)
        {
            Up = true;
            LastSuccess = drift.At;
            LastDrift = drift;
            LastError = null;
        }

        Interlocked.Increment(ref _succeeded);
    }

    internal void Failed(string error)
    {
        lock (_gate)
        {
            Up = false;
            LastError = error;
        }

        Interlocked.Increment(ref _failed);
    }
}
