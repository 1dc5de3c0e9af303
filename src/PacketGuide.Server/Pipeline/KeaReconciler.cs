using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dns.Config;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// With <c>serve.dhcp.kea</c>: every <c>reconcile-every</c>, Kea's lease list (lease_cmds' <c>lease4-get-all</c>) becomes the
/// tracker's state (logs miss what happened while nobody followed them; the server is the truth), the drift is kept for
/// /metrics, and the store is brought in line with the tracker. A Kea that does not answer is reported (metrics,
/// /api/v1/servers, a warning) and asked again next time; the pipeline goes on.
/// </summary>
public sealed partial class KeaReconciler(
    ServeOptions options,
    LeaseTracker tracker,
    LeaseStore leases,
    DhcpStateWriter writer,
    PipelineStatus status,
    KeaHealth health,
    TimeProvider timeProvider,
    ILogger<KeaReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Dhcp.Kea is not { } kea)
        {
            return;
        }

        KeaControlClient client;
        try
        {
            client = new KeaControlClient(new KeaClientOptions
            {
                AgentUrl = kea.Url,
                SocketPath = kea.Socket,
                Credentials = kea.User is { } user && kea.Password is { } password && SecretReference.TryParse(password, out var secret, out _)
                    ? KeaCredentials.Create(user, secret!.Resolve(Environment.GetEnvironmentVariable))
                    : null,
                TimeProvider = timeProvider,
            });
        }
        catch (DnsConfigException ex)
        {
            health.Failed(ex.Message);
            LogUnusable(logger, ex.Message);
            return;
        }

        using (client)
        {
            using var timer = new PeriodicTimer(kea.ReconcileEvery, timeProvider);
            do
            {
                await ReconcileOnceAsync(client, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
    }

    internal async Task ReconcileOnceAsync(KeaControlClient client, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            var list = await client.GetLeasesAsync(cancellationToken).ConfigureAwait(false);
            var drift = tracker.Reconcile(list.Leases, now);
            await SyncStoreAsync(now, cancellationToken).ConfigureAwait(false);
            status.Changed();
            health.Reconciled(drift);
            if (drift.Drift > 0)
            {
                LogDrift(logger, drift.Missing, drift.Extra, drift.Changed, drift.ServerLeases);
            }
        }
        catch (Exception ex) when (ex is KeaException or IOException or HttpRequestException or System.Data.Common.DbException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            health.Failed(ex.Message);
            LogFailed(logger, ex.Message);
        }
    }

    /// <summary>Makes the store's current leases equal the tracker's: the changed and new ones written, the gone ones deleted.</summary>
    private async Task SyncStoreAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = (await leases.LoadCurrentAsync(now, cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Address, StringComparer.Ordinal);
        var upserts = new List<LeaseRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in tracker.GetLeases(null, now))
        {
            var record = LeaseRecord.From(lease);
            seen.Add(record.Address);
            if (!stored.TryGetValue(record.Address, out var old) || old != record)
            {
                upserts.Add(record);
            }
        }

        var removals = stored.Keys.Where(a => !seen.Contains(a)).Select(IPAddress.Parse).ToList();
        if (upserts.Count > 0 || removals.Count > 0)
        {
            await writer.WriteAsync([], upserts, removals, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kea reconciliation: {Missing} leases missing here, {Extra} extra, {Changed} changed (of Kea's {ServerLeases}); Kea's list now rules")]
    private static partial void LogDrift(ILogger logger, long missing, long extra, long changed, long serverLeases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kea reconciliation failed: {Error}; asking again next time")]
    private static partial void LogFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kea reconciliation is off: {Error}")]
    private static partial void LogUnusable(ILogger logger, string error);
}
