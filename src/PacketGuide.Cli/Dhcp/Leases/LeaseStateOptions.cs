using System.CommandLine;
using System.Globalization;
using PacketGuide.Cli.Dhcp.Kea;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>
/// Where <c>dhcp leases</c> and <c>dhcp pools</c> get lease state and pool sizes from: inputs (logs, lease files, saved
/// API answers), a server configuration file, and a running Kea. Builds the <see cref="LeaseMonitor"/>; no tracking logic
/// lives here.
/// </summary>
/// <param name="reportsPools">True for <c>dhcp pools</c>: say so when no configuration gives pool sizes.</param>
internal sealed class LeaseStateOptions(bool reportsPools)
{
    public const string Sources =
        "Lease state comes from INPUTs (Kea or dhcpd logs, kea-leases4/6.csv, dhcpd.leases, saved Kea API JSON; merged in\n" +
        "time order; leases expire by their lifetime) and/or a running Kea (--url or --socket: lease4-get-all, which is the\n" +
        "truth when both are given; drift is reported). Pool sizes come from --config (kea-dhcp4/6.conf or dhcpd.conf) or,\n" +
        "without it, from Kea's config-get. Without either, leases are counted per subnet as the logs name it, totals unknown.";

    public Argument<string[]> Inputs { get; } = new("INPUT")
    {
        Description = "Logs, lease files (Kea CSV, dhcpd.leases) or saved Kea API answers; globs and .gz work.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Config { get; } = new("--config") { Description = "The server's configuration: kea-dhcp4.conf, kea-dhcp6.conf or dhcpd.conf (includes are followed)." };

    public Option<string> At { get; } = new("--at")
    {
        Description = "State at this moment: now, end (the newest input event), a time (2026-11-26T12:00) or an age (2h).",
        DefaultValueFactory = _ => "now",
    };

    public Option<long?> DefaultLifetime { get; } = new("--default-lifetime")
    {
        Description = "Lease lifetime in seconds for events that carry none (dhcpd logs) when --config sets no default-lease-time/valid-lifetime; default 43200.",
    };

    public Option<string> TimeZone { get; } = new("--timezone") { Description = "Zone of log timestamps written without offset; default: local. E.g. UTC." };

    public KeaConnectionOptions Kea { get; } = new(recursive: false);

    public void AddTo(Command command)
    {
        command.Arguments.Add(Inputs);
        foreach (var option in new Option[] { Config, At, DefaultLifetime, TimeZone })
        {
            command.Options.Add(option);
        }

        Kea.AddTo(command);
    }

    /// <summary>
    /// Loads configuration, inputs and the Kea lease list into a tracker. Throws <see cref="LeaseStateException"/> for
    /// usage and input errors and <see cref="KeaException"/> when Kea fails.
    /// </summary>
    /// <param name="follow">True for <c>--follow</c>: line logs among the inputs are left to be followed from their start
    /// (<see cref="LeaseState.FollowedLogs"/>); lease files are read now.</param>
    public async Task<LeaseState> BuildAsync(ParseResult parse, CliEnvironment env, bool follow, CancellationToken cancellationToken)
    {
        if (!TimeExpression.TryResolveZone(parse.GetValue(TimeZone), out var zone, out var zoneError))
        {
            throw new LeaseStateException(zoneError!);
        }

        var lifetime = parse.GetValue(DefaultLifetime) ?? new LeaseTrackerOptions().DefaultLeaseSeconds;
        if (lifetime is < 1 or > uint.MaxValue)
        {
            throw new LeaseStateException(string.Create(CultureInfo.InvariantCulture, $"--default-lifetime: {lifetime} must be between 1 and {uint.MaxValue} seconds."));
        }

        var inputs = parse.GetValue(Inputs) ?? [];
        IReadOnlyList<string> followed = [];
        if (follow)
        {
            (var once, followed) = LeaseMonitor.SplitForFollowing(inputs);
            inputs = [.. once];
        }

        KeaControlClient? kea = null;
        try
        {
            kea = Kea.IsGiven(parse) ? new KeaControlClient(Kea.Bind(parse, env)) : null;
            if (inputs.Length == 0 && kea is null && followed.Count == 0)
            {
                throw new LeaseStateException("nothing to read: give log or lease files, or a running Kea with --url or --socket.");
            }

            var notes = new List<string>();
            var config = await LoadConfigAsync(parse, kea, notes, cancellationToken).ConfigureAwait(false);
            var tracker = new LeaseTracker(new LeaseTrackerOptions { DefaultLeaseSeconds = lifetime }, env.Time, config);
            var monitor = new LeaseMonitor(tracker, env.Time);
            var now = env.Time.GetUtcNow();
            var atText = parse.GetValue(At) ?? "now";
            if (follow && !atText.Equals("now", StringComparison.OrdinalIgnoreCase))
            {
                throw new LeaseStateException("--at does not go with --follow, which always shows the state now.");
            }

            var at = ResolveAt(atText, now, zone);

            // A moment in the past: only events before it count, so the state is the state then.
            var parseOptions = new DhcpParseOptions { TimeZone = zone, Until = at is { } past && past < now ? past : null };
            LeaseLoadResult? loaded = null;
            if (inputs.Length > 0)
            {
                loaded = await monitor.LoadAsync(InputResolver.Resolve(inputs), parseOptions, cancellationToken).ConfigureAwait(false);
                if (loaded.Summary.UnparsedTotal > 0)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{loaded.Summary.UnparsedTotal} input lines not understood (run 'pguide dhcp parse' on the inputs for examples)."));
                }
            }

            var moment = at ?? loaded?.Summary.LastEvent ?? throw new LeaseStateException("--at end: the inputs have no timed events.");
            LeaseReconciliation? drift = null;
            Func<CancellationToken, Task<IReadOnlyList<KeaLease>>>? serverLeases = null;
            if (kea is not null)
            {
                var client = kea;
                serverLeases = async ct => (await client.GetLeasesAsync(ct).ConfigureAwait(false)).Leases;
                drift = tracker.Reconcile(await serverLeases(cancellationToken).ConfigureAwait(false), now);
                if (inputs.Length == 0)
                {
                    drift = null; // Kea was the only source: there is nothing to have drifted.
                }
            }

            if (loaded is not null && drift is null && moment == now && loaded.ActiveAtEnd > 0 && tracker.GetUtilization(moment).ActiveLeases == 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"all {loaded.ActiveAtEnd} leases held at the end of the input have expired by now; --at end shows the state then."));
            }

            var state = new LeaseState(monitor, moment, drift, notes, kea, serverLeases, parseOptions, followed);
            kea = null;
            return state;
        }
        catch (DhcpInputException ex)
        {
            throw new LeaseStateException(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new LeaseStateException(ex.Message);
        }
        finally
        {
            kea?.Dispose();
        }
    }

    private async Task<DhcpServerConfig?> LoadConfigAsync(ParseResult parse, KeaControlClient? kea, List<string> notes, CancellationToken cancellationToken)
    {
        DhcpServerConfig? config = null;
        if (parse.GetValue(Config) is { } path)
        {
            try
            {
                config = await DhcpConfigLoader.LoadAsync(path, DhcpConfigFormat.Auto, cancellationToken).ConfigureAwait(false);
            }
            catch (DhcpConfigException ex)
            {
                throw new LeaseStateException(ex.Message);
            }
        }
        else if (kea is not null)
        {
            using var running = await kea.GetConfigAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                config = DhcpConfigLoader.FromKeaConfigGet(running.Arguments);
            }
            catch (DhcpConfigException ex)
            {
                throw new LeaseStateException($"Kea's config-get answer from {kea.Target}: {ex.Message}");
            }
        }
        else if (reportsPools)
        {
            notes.Add("no --config (or Kea): leases are counted per subnet as the logs name it; pool sizes and % are unknown.");
        }

        foreach (var warning in config?.Warnings.Take(5) ?? [])
        {
            notes.Add($"config: {warning}");
        }

        return config;
    }

    /// <summary>The moment asked for; null for <c>end</c>, which is known only after reading.</summary>
    private static DateTimeOffset? ResolveAt(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        if (text.Equals("end", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return TimeExpression.TryParse(text, now, zone, out var at) ? at
            : throw new LeaseStateException($"--at: cannot read '{text}' as a time (try now, end, 2026-11-26T12:00 or 2h).");
    }
}
