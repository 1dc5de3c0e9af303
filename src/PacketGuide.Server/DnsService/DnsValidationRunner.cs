using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;
using PacketGuide.Dns.Zones;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Metrics;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.DnsService;

/// <summary>
/// Runs DNS validation, one run at a time: every <c>serve.dns.validate-every</c> and whenever the API asks. The zones are
/// those of <c>serve.dns.zones</c>' specs (their declared records, at their provider's DNS address) and, unless
/// <c>serve.dns.validate-provider-zones: false</c>, every other zone a provider with a DNS address serves, as served (a zone
/// several providers serve is asked at all their servers, so serials and NS sets are compared). Each
/// run is stored (summary and full report), exported to /metrics and to /api/v1/servers. A run that cannot start (a spec
/// with errors, a provider that does not answer) is stored as failed with the reason; the next one tries again.
/// </summary>
public sealed partial class DnsValidationRunner(
    ServeOptions options,
    DnsProviderSet providers,
    ValidationRunStore runs,
    DnsMetrics metrics,
    DnsServerHealth health,
    TimeProvider timeProvider,
    ILogger<DnsValidationRunner> logger) : BackgroundService
{
    /// <summary>Runs waiting at most: a client asking faster than runs finish gets a failed run, not an unbounded queue.</summary>
    private const int QueueLimit = 8;

    private readonly Channel<ValidationRunRecord> _queue = Channel.CreateBounded<ValidationRunRecord>(new BoundedChannelOptions(QueueLimit) { SingleReader = true });

    /// <summary>Whether anything is configured to validate (zone specs, or providers).</summary>
    public bool Configured => options.Dns.Configured;

    /// <summary>Queues a run and returns it (state <c>queued</c>, or <c>failed</c> when too many are waiting).</summary>
    public async Task<ValidationRunRecord> RequestAsync(string trigger, string? requestedBy, IReadOnlyList<string>? onlyZones, CancellationToken cancellationToken)
    {
        var run = await runs.CreateAsync(trigger, requestedBy, onlyZones, cancellationToken).ConfigureAwait(false);
        if (_queue.Writer.TryWrite(run))
        {
            return run;
        }

        var error = $"{QueueLimit} runs are waiting already; ask again when they have finished.";
        await runs.FailAsync(run.Id, error, cancellationToken).ConfigureAwait(false);
        return run with { State = ValidationRunStore.Failed, Error = error };
    }

    /// <summary>Fails the runs a stopped service left unfinished before anything can queue a new one (the web server starts after this).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await runs.FailUnfinishedAsync("the service stopped before the run finished.", cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = Configured && options.Dns.ValidateEvery is { } every ? ScheduleAsync(every, stoppingToken) : Task.CompletedTask;
        try
        {
            await foreach (var run in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ExecuteRunAsync(run, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await schedule.ConfigureAwait(false);
    }

    private async Task ScheduleAsync(TimeSpan every, CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(every, timeProvider);
            do
            {
                try
                {
                    await RequestAsync("schedule", null, null, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException)
                {
                    LogScheduleFailed(logger, ex.Message); // the store is down: the pipeline says so too; try at the next tick
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task ExecuteRunAsync(ValidationRunRecord run, CancellationToken cancellationToken)
    {
        try
        {
            await runs.MarkRunningAsync(run.Id, cancellationToken).ConfigureAwait(false);
            var targets = await TargetsAsync(run.OnlyZones, cancellationToken).ConfigureAwait(false);
            var report = await ValidateAsync(targets, cancellationToken).ConfigureAwait(false);
            var full = run.OnlyZones is null;
            await runs.CompleteAsync(run.Id, report.Worst is { } worst ? ValidationSeverityNames.Name(worst) : null, [.. report.Zones.Select(Summarize)],
                ReportJson(report), cancellationToken).ConfigureAwait(false);
            metrics.Apply(report, full);
            health.Update(report.Zones.SelectMany(ServerStates), report.Started + report.Duration, full);
            var found = report.Findings.Count();
            var worstName = report.Worst is { } w ? ValidationSeverityNames.Name(w) : "clean";
            LogRun(logger, run.Id, report.Zones.Count, found, worstName, report.Duration.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // failed as interrupted at the next start
        }
        catch (Exception ex) when (ex is DnsConfigException or DnsProviderException or IOException or UnauthorizedAccessException or HttpRequestException or StoreException or System.Data.Common.DbException)
        {
            metrics.RunFailed();
            LogRunFailed(logger, run.Id, ex.Message);
            try
            {
                await runs.FailAsync(run.Id, ex.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException store)
            {
                LogRunFailed(logger, run.Id, store.Message);
            }
        }
    }

    /// <summary>What to validate: the specs' zones, then the providers' other zones; only <paramref name="onlyZones"/> when given.</summary>
    internal async Task<IReadOnlyList<ZoneValidationTarget>> TargetsAsync(IReadOnlyList<string>? onlyZones, CancellationToken cancellationToken)
    {
        var dns = options.Dns;
        var targets = new List<ZoneValidationTarget>();
        if (dns.ZoneSpecs.Count > 0)
        {
            var (specs, findings) = await ZoneSpecReader.ReadAllAsync(dns.ZoneSpecs, cancellationToken).ConfigureAwait(false);
            var errors = findings.Where(f => f.Severity == ZoneFindingSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new DnsConfigException($"{errors.Count} error(s) in the zone specs of serve.dns.zones, first: {errors[0]}; `pguide dns check` lists them.");
            }

            targets.AddRange(specs.Select(spec => ZoneValidationTargets.FromSpec(spec, providers.Definitions, dns.FallbackProvider, null, Environment.GetEnvironmentVariable)));
        }

        if (dns.ValidateProviderZones)
        {
            foreach (var definition in providers.Definitions)
            {
                if (ZoneValidationTargets.ServerOf(definition) is not { } server)
                {
                    continue; // a provider with no DNS address can be changed, not validated
                }

                var zones = definition.Zones.Count > 0 ? definition.Zones
                    : await providers.Get(definition.Name, null, "validation").Provider.ZonesAsync(cancellationToken).ConfigureAwait(false);
                var key = ZoneValidationTargets.TransferKeyOf(definition, Environment.GetEnvironmentVariable);
                foreach (var zone in zones)
                {
                    // A zone several providers serve (a primary and its secondary) is one target asked at all their servers.
                    var index = targets.FindIndex(t => t.Zone == zone);
                    if (index < 0)
                    {
                        targets.Add(new ZoneValidationTarget(zone, [server], TransferKey: key));
                    }
                    else if (!targets[index].Servers.Contains(server))
                    {
                        targets[index] = targets[index] with { Servers = [.. targets[index].Servers, server], TransferKey = targets[index].TransferKey ?? key };
                    }
                }
            }
        }

        if (onlyZones is not null)
        {
            var unknown = onlyZones.Where(z => targets.All(t => t.Zone != z)).ToList();
            if (unknown.Count > 0)
            {
                throw new DnsConfigException($"not validated by this service: {string.Join(", ", unknown)} (it validates {(targets.Count == 0 ? "nothing" : string.Join(", ", targets.Select(t => t.Zone)))}).");
            }

            targets = [.. targets.Where(t => onlyZones.Contains(t.Zone))];
        }

        return targets.Count > 0 ? targets
            : throw new DnsConfigException("nothing to validate: give zone specs in serve.dns.zones, or providers with a server: address in dns.providers.");
    }

    private async Task<ValidationReport> ValidateAsync(IReadOnlyList<ZoneValidationTarget> targets, CancellationToken cancellationToken)
    {
        var timeout = options.Dns.Timeout;
        await using var resolver = new EngineValidationResolver(timeProvider, timeout, metrics.ObserveQuery);
        var validator = new ZoneValidator(resolver, timeProvider, timeout);
        var started = timeProvider.GetUtcNow();
        var zones = new List<ZoneValidation>();
        foreach (var target in targets)
        {
            zones.Add(await validator.ValidateAsync(target, options.Dns.Validation, cancellationToken).ConfigureAwait(false));
        }

        return new ValidationReport(started, timeProvider.GetUtcNow() - started, zones) { Queries = resolver.Queries };
    }

    internal static ValidationZoneSummary Summarize(ZoneValidation zone) => new(
        zone.Zone,
        zone.Servers,
        zone.Findings.Count == 0 ? null : ValidationSeverityNames.Name(zone.Findings.Max(f => f.Severity)),
        zone.Findings.Count(f => f.Severity == ValidationSeverity.Error),
        zone.Findings.Count(f => f.Severity == ValidationSeverity.Warning),
        zone.Findings.Count(f => f.Severity == ValidationSeverity.Info),
        zone.RrsigExpirySeconds is { } expiry && double.IsFinite(expiry) ? Math.Round(expiry, 3) : null,
        zone.Serials)
    {
        SerialLag = zone.SerialLag,
    };

    private static IEnumerable<(string Server, string? Error)> ServerStates(ZoneValidation zone) => zone.Servers.Select(server =>
        (server, zone.Findings.FirstOrDefault(f => f.CheckId == ValidationChecks.Reachable.Id && f.Server == server && f.Severity >= ValidationSeverity.Warning)?.Message));

    private static string ReportJson(ValidationReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ValidationJson.Write(json, report);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DNS validation run {Id}: {Zones} zone(s), {Findings} finding(s), worst {Worst}, {Seconds:0.00} s")]
    private static partial void LogRun(ILogger logger, long id, int zones, int findings, string worst, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS validation run {Id} failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, long id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} DNS validation run(s) left unfinished by the last stop were marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS validation could not be queued: {Reason}")]
    private static partial void LogScheduleFailed(ILogger logger, string reason);
}
