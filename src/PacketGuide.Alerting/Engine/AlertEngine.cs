using System.Globalization;
using PacketGuide.Alerting.Rules;
using PacketGuide.Dhcp;

namespace PacketGuide.Alerting.Engine;

/// <summary>
/// Evaluates the rules: DHCP events are counted as they come (<see cref="Observe(LeaseEvent, string?)"/>, cheap and
/// independent of the number of rules), and every few seconds <see cref="Evaluate"/> checks each rule against the counts
/// and the service's state, moving alerts from pending to firing (after the rule's <c>for</c>) and to resolved (when the
/// condition no longer holds, below the clear level for rules with hysteresis). Thread-safe.
/// </summary>
public sealed class AlertEngine
{
    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly TimeProvider _timeProvider;
    private readonly EventWindows _windows = new();
    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, long Total)> _unparsed = new();
    private readonly Lock _gate = new();
    private readonly HashSet<string> _restored = new(StringComparer.Ordinal);

    public AlertEngine(IReadOnlyList<AlertRule> rules, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rules = rules;
        _timeProvider = timeProvider;
    }

    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>Counts one event for the rules; <paramref name="subnet"/> names its subnet (the event's own when null).</summary>
    public void Observe(LeaseEvent leaseEvent, string? subnet)
    {
        ArgumentNullException.ThrowIfNull(leaseEvent);
        if (EventWindows.SlotOf(leaseEvent.Kind) < 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            _windows.Observe(leaseEvent.Kind, subnet ?? leaseEvent.Subnet ?? "", leaseEvent.Time ?? now, now);
        }
    }

    /// <summary>Counts a batch of events under one lock.</summary>
    public void Observe(IReadOnlyList<LeaseEvent> events, Func<LeaseEvent, string?> subnetOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(subnetOf);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (EventWindows.SlotOf(e.Kind) >= 0)
                {
                    _windows.Observe(e.Kind, subnetOf(e) ?? e.Subnet ?? "", e.Time ?? now, now);
                }
            }
        }
    }

    /// <summary>How far back events are counted (the longest window a rule can have).</summary>
    public static TimeSpan CountHorizon => EventWindows.Horizon;

    /// <summary>The width of the buckets events are counted in.</summary>
    public static TimeSpan CountBucket => EventWindows.Bucket;

    /// <summary>Whether rules count events of <paramref name="kind"/> (ACK, NAK, DECLINE, allocation failure).</summary>
    public static bool Counts(DhcpMessageKind kind) => EventWindows.SlotOf(kind) >= 0;

    /// <summary>
    /// Rebuilds the event counts from stored events (at start, before new events are observed): per kind, subnet and
    /// moment, how many. Without this a restart would forget the failures of the last minutes, and an alert they fired
    /// would resolve at once.
    /// </summary>
    public void Seed(IEnumerable<(DhcpMessageKind Kind, string Subnet, DateTimeOffset Time, long Count)> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var (kind, subnet, time, count) in counts)
            {
                _windows.Observe(kind, subnet, time, now, (int)Math.Clamp(count, 0, int.MaxValue));
            }
        }
    }

    /// <summary>
    /// Takes back the pending and firing alerts saved before a restart, so that one that ends while the service is down
    /// is still resolved at its receivers, and a pending one keeps its start. Alerts of rules that are gone (or changed
    /// kind) are dropped.
    /// </summary>
    public void Restore(IEnumerable<Alert> active)
    {
        ArgumentNullException.ThrowIfNull(active);
        lock (_gate)
        {
            foreach (var alert in active)
            {
                if (_rules.Any(r => r.Name == alert.Rule && r.Kind == alert.Kind) && alert.State is AlertState.Pending or AlertState.Firing && _active.TryAdd(alert.Key, alert))
                {
                    _restored.Add(alert.Key);
                }
            }
        }
    }

    /// <summary>Pending and firing alerts now.</summary>
    public IReadOnlyList<Alert> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _active.Values.OrderBy(a => a.Key, StringComparer.Ordinal)];
            }
        }
    }

    public AlertEvaluation Evaluate(AlertInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = _timeProvider.GetUtcNow();
        var fired = new List<Alert>();
        var resolved = new List<Alert>();
        lock (_gate)
        {
            _unparsed.Enqueue((now, inputs.UnparsedLines));
            while (_unparsed.Count > 1 && now - _unparsed.Peek().At > EventWindows.Horizon)
            {
                _unparsed.Dequeue();
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in _rules)
            {
                foreach (var candidate in Candidates(rule, inputs, now))
                {
                    var key = Key(rule, candidate.Target);
                    _active.TryGetValue(key, out var existing);
                    if (!Holds(rule, candidate.Value, existing is not null))
                    {
                        if (!candidate.Known && existing is not null && _restored.Contains(key))
                        {
                            seen.Add(key); // taken back from before a restart: held as it was until the input is known
                        }

                        continue;
                    }

                    seen.Add(key);
                    var alert = Build(rule, key, candidate, existing, now);
                    if (alert.State == AlertState.Firing && existing?.State != AlertState.Firing)
                    {
                        fired.Add(alert);
                    }

                    _active[key] = alert;
                }
            }

            foreach (var gone in _active.Values.Where(a => !seen.Contains(a.Key)).ToList())
            {
                _active.Remove(gone.Key);
                _restored.Remove(gone.Key);
                if (gone.State == AlertState.Firing)
                {
                    resolved.Add(gone with { State = AlertState.Resolved, ResolvedAt = now });
                }
            }

            return new AlertEvaluation(now, fired, resolved, [.. _active.Values.OrderBy(a => a.Key, StringComparer.Ordinal)]);
        }
    }

    /// <summary>Whether the condition holds: reaching the threshold starts an alert; an alert that exists holds until it passes the clear level.</summary>
    private static bool Holds(AlertRule rule, double value, bool exists)
    {
        var level = exists ? rule.Clear ?? rule.Threshold : rule.Threshold;
        return rule.Kind == AlertRuleKind.RrsigExpiring ? value <= level : value >= level;
    }

    private static Alert Build(AlertRule rule, string key, Candidate candidate, Alert? existing, DateTimeOffset now)
    {
        var since = existing?.ActiveSince ?? now;
        var firing = existing?.State == AlertState.Firing || now - since >= rule.For;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = rule.Name,
            ["severity"] = Name(rule.Severity),
        };
        foreach (var (name, value) in candidate.Target)
        {
            labels[name] = value;
        }

        foreach (var (name, value) in rule.Labels)
        {
            labels.TryAdd(name, value);
        }

        var values = new Dictionary<string, string>(labels, StringComparer.Ordinal)
        {
            ["value"] = Format(rule.Kind, candidate.Value),
            ["threshold"] = Format(rule.Kind, rule.Threshold),
            ["window"] = Durations.Format(rule.Window),
        };
        foreach (var (name, value) in candidate.Extra)
        {
            values[name] = value;
        }

        return new Alert
        {
            Key = key,
            Rule = rule.Name,
            Kind = rule.Kind,
            Severity = rule.Severity,
            Labels = [.. labels],
            Summary = AlertTemplate.Fill(rule.Summary, values),
            Description = rule.Description is null ? null : AlertTemplate.Fill(rule.Description, values),
            RunbookUrl = rule.RunbookUrl is null ? null : AlertTemplate.Fill(rule.RunbookUrl, values),
            Value = candidate.Value,
            State = firing ? AlertState.Firing : AlertState.Pending,
            ActiveSince = since,
            FiredAt = existing?.FiredAt ?? (firing ? now : null),
        };
    }

    /// <summary>Every target the rule's kind looks at, with the value it sees there.</summary>
    private IEnumerable<Candidate> Candidates(AlertRule rule, AlertInputs inputs, DateTimeOffset now)
    {
        switch (rule.Kind)
        {
            case AlertRuleKind.PoolUtilization:
                foreach (var subnet in inputs.Subnets.Where(s => s.Ratio is not null))
                {
                    yield return new Candidate([("subnet", subnet.Subnet)], subnet.Ratio!.Value,
                        [("assigned", subnet.Assigned.ToString(CultureInfo.InvariantCulture)), ("total", subnet.Total.ToString(CultureInfo.InvariantCulture))]);
                }

                break;
            case AlertRuleKind.AllocationFailure or AlertRuleKind.NakRate or AlertRuleKind.Decline:
                var kind = rule.Kind switch
                {
                    AlertRuleKind.AllocationFailure => DhcpMessageKind.AllocationFailed,
                    AlertRuleKind.NakRate => DhcpMessageKind.Nak,
                    _ => DhcpMessageKind.Decline,
                };
                foreach (var subnet in _windows.Known)
                {
                    yield return new Candidate([("subnet", Subnet(subnet))], _windows.Count(subnet, kind, rule.Window, TimeSpan.Zero, now), []);
                }

                break;
            case AlertRuleKind.NoAck:
                foreach (var subnet in _windows.Known)
                {
                    var recent = _windows.Count(subnet, DhcpMessageKind.Ack, rule.Window, TimeSpan.Zero, now);
                    var baseline = _windows.Count(subnet, DhcpMessageKind.Ack, rule.Window + TimeSpan.FromHours(1), rule.Window, now);
                    if (recent == 0)
                    {
                        yield return new Candidate([("subnet", Subnet(subnet))], baseline, [("baseline", baseline.ToString(CultureInfo.InvariantCulture))]);
                    }
                }

                break;
            case AlertRuleKind.UnparsedLines:
                // The counter restarts with the service: until a whole window has been watched, the count is partial.
                var before = _unparsed.LastOrDefault(s => now - s.At >= rule.Window, _unparsed.Peek());
                yield return new Candidate([], inputs.UnparsedLines - before.Total, [], Known: now - _unparsed.Peek().At >= rule.Window);
                break;
            case AlertRuleKind.DnsFindings:
                foreach (var zone in inputs.Zones)
                {
                    yield return new Candidate([("zone", zone.Zone)], zone.Errors, []);
                }

                break;
            case AlertRuleKind.RrsigExpiring:
                foreach (var zone in inputs.Zones.Where(z => z.RrsigExpirySeconds is not null))
                {
                    yield return new Candidate([("zone", zone.Zone)], Math.Round(zone.RrsigExpirySeconds!.Value / 86400, 1), []);
                }

                break;
            case AlertRuleKind.SoaSerialLag:
                foreach (var zone in inputs.Zones)
                {
                    foreach (var (server, lag) in zone.SerialLag)
                    {
                        yield return new Candidate([("server", server), ("zone", zone.Zone)], lag, []);
                    }
                }

                break;
            case AlertRuleKind.KeaUnreachable:
                if (inputs.KeaTarget is { } target && inputs.KeaUp != true)
                {
                    // Null: no reconciliation yet since the start, so Kea's health is not known.
                    yield return new Candidate([("server", target)], inputs.KeaUp == false ? 1 : 0, [("error", inputs.KeaError ?? "")], Known: inputs.KeaUp is not null);
                }

                break;
        }
    }

    private static string Key(AlertRule rule, (string Name, string Value)[] target)
    {
        if (target.Length == 0)
        {
            return rule.Name;
        }

        return rule.Name + "|" + string.Join(",", target.Select(t => t.Name + "=" + t.Value));
    }

    private static string Subnet(string subnet) => subnet.Length == 0 ? "unknown" : subnet;

    /// <summary>The lower-case name labels and the API use: info, warning, critical.</summary>
    public static string Name(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "critical",
        AlertSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Parses a severity as <see cref="Name(AlertSeverity)"/> writes it: info, warning or critical.</summary>
    public static bool TryParseSeverity(string? text, out AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<AlertSeverity>())
        {
            if (text == Name(candidate))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }

    private static string Format(AlertRuleKind kind, double value) => kind == AlertRuleKind.PoolUtilization
        ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
        : value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// What a rule sees for one target. <paramref name="Known"/> false: the input is not fully known yet since this engine
    /// started (Kea not reconciled, a counter watched for less than the window); the value still starts and keeps alerts
    /// as usual, but an alert taken back from before a restart is held as it was rather than resolved on no evidence.
    /// </summary>
    private readonly record struct Candidate((string Name, string Value)[] Target, double Value, (string Name, string Value)[] Extra, bool Known = true);
}
