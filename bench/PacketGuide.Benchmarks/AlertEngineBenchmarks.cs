using System.Net;
using BenchmarkDotNet.Attributes;
using PacketGuide.Alerting;
using PacketGuide.Alerting.Engine;
using PacketGuide.Alerting.Rules;
using PacketGuide.Dhcp;

namespace PacketGuide.Benchmarks;

/// <summary>
/// Alerting's cost (issue 8's target: under 1 µs per event with 20 rules). 20 rules (every built-in kind, most twice at
/// other thresholds) over 500 subnets. <see cref="ObserveEvent"/> is the per-event cost the pipeline pays (ns per event,
/// a mix of ACK, NAK, DECLINE and allocation failures over the subnets, a quarter of them kinds no rule counts);
/// <see cref="ObserveBatch"/> the same through the batch call the service uses; <see cref="Evaluate"/> one evaluation of
/// all 20 rules (every 10 s by default), so its cost spread over the events between two evaluations is what each event
/// costs on top.
/// </summary>
[MemoryDiagnoser]
public class AlertEngineBenchmarks
{
    private const int Batch = 4096;
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly DhcpMessageKind[] Kinds = [DhcpMessageKind.Ack, DhcpMessageKind.Ack, DhcpMessageKind.Nak, DhcpMessageKind.Decline, DhcpMessageKind.AllocationFailed,
        DhcpMessageKind.Request, DhcpMessageKind.Discover, DhcpMessageKind.Ack];

    private AlertEngine _engine = null!;
    private LeaseEvent[] _events = null!;
    private string[] _subnets = null!;
    private AlertInputs _inputs = null!;

    public static IReadOnlyList<AlertRule> TwentyRules { get; } =
    [
        .. AlertRuleDefaults.Set,
        AlertRuleDefaults.For(AlertRuleKind.PoolUtilization, "pool-95") with { Threshold = 0.95, Severity = AlertSeverity.Critical },
        AlertRuleDefaults.For(AlertRuleKind.NakRate, "nak-burst") with { Threshold = 100, Window = TimeSpan.FromMinutes(1) },
        AlertRuleDefaults.For(AlertRuleKind.Decline, "conflict-storm") with { Threshold = 10, Severity = AlertSeverity.Critical },
        AlertRuleDefaults.For(AlertRuleKind.AllocationFailure, "exhausted-long") with { Window = TimeSpan.FromMinutes(30) },
        AlertRuleDefaults.For(AlertRuleKind.NoAck, "no-ack-short") with { Window = TimeSpan.FromMinutes(10), Threshold = 50 },
        AlertRuleDefaults.For(AlertRuleKind.UnparsedLines, "unparsed-burst") with { Threshold = 1000, Window = TimeSpan.FromMinutes(1) },
        AlertRuleDefaults.For(AlertRuleKind.RrsigExpiring, "rrsig-week") with { Threshold = 7, Severity = AlertSeverity.Warning },
        AlertRuleDefaults.For(AlertRuleKind.SoaSerialLag, "serial-far") with { Threshold = 10, Severity = AlertSeverity.Critical },
        AlertRuleDefaults.For(AlertRuleKind.DnsFindings, "dns-many") with { Threshold = 10, Severity = AlertSeverity.Critical },
    ];

    [GlobalSetup]
    public void Setup()
    {
        if (TwentyRules.Count != 20)
        {
            throw new InvalidOperationException($"{TwentyRules.Count} rules, not 20");
        }

        _engine = new AlertEngine(TwentyRules, new FixedTimeProvider(Now));
        _subnets = [.. Enumerable.Range(0, 500).Select(i => $"10.{i / 256}.{i % 256}.0/24")];
        var random = new Random(11);
        _events = [.. Enumerable.Range(0, Batch).Select(i => new LeaseEvent
        {
            Time = Now.AddSeconds(-random.Next(3600)),
            Server = "kea-dhcp4",
            Kind = Kinds[random.Next(Kinds.Length)],
            Ip = new IPAddress([10, 0, 0, (byte)i]),
            Subnet = _subnets[random.Next(_subnets.Length)],
            Source = new SourceLocation("kea.log", i),
        })];
        foreach (var e in _events)
        {
            _engine.Observe(e, null); // every subnet known before measuring
        }

        _inputs = new AlertInputs
        {
            Subnets = [.. _subnets.Select((s, i) => new SubnetUse(s, i % 250, (UInt128)250, (i % 250) / 250.0))],
            UnparsedLines = 3,
            Zones = [.. Enumerable.Range(0, 20).Select(i => new ZoneHealth($"zone{i}.example.", i % 3, 86400.0 * i, new Dictionary<string, long> { ["192.0.2.53:53"] = i % 2 }))],
            KeaTarget = "http://127.0.0.1:8000/",
            KeaUp = true,
        };
        if (_engine.Evaluate(_inputs).Active.Count == 0)
        {
            throw new InvalidOperationException("the inputs fire nothing: the evaluation would measure an idle loop");
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ObserveEvent()
    {
        foreach (var e in _events)
        {
            _engine.Observe(e, e.Subnet);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ObserveBatch() => _engine.Observe(_events, e => e.Subnet);

    [Benchmark]
    public int Evaluate() => _engine.Evaluate(_inputs).Active.Count;
}
