using System.Text;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Benchmarks;

/// <summary>Where parsed events go: the summary (<c>--json</c>, the default report) or kept events (<c>--events</c>, <c>--csv</c>).</summary>
public enum Sink
{
    /// <summary><see cref="SummaryBuilder"/> alone: counts, allocates nothing per event once warm.</summary>
    Summary,

    /// <summary><see cref="EventCollector"/> around the summary: one <see cref="LeaseEvent"/> per event.</summary>
    Events,
}

/// <summary>What every line of a batch is expected to be; checked once in setup so a benchmark cannot measure the wrong path.</summary>
internal enum Expect
{
    Event,
    NonEvent,
    Unparsed,
}

/// <summary>One parser, its sink and a batch of lines, as <c>LineLogReader</c> drives them (one parser per chunk, lines in order).</summary>
internal sealed class LineBench
{
    private readonly DhcpLogLineParser _parser;
    private readonly SummaryBuilder _summary;
    private readonly EventCollector? _collector;
    private readonly byte[][] _lines;
    private long _line;

    public LineBench(string name, DhcpLogFormat format, byte[][] lines, Sink sink, Expect expect)
    {
        var source = new LogSource
        {
            Path = "bench.log",
            Format = format,
            DefaultServer = "bench",
            TimeZone = TimeZoneInfo.Utc,
            ReferenceLocalTime = new DateTime(2026, 11, 26, 23, 0, 0, DateTimeKind.Unspecified),
            Range = new TimeRange(null, null),
        };
        _summary = new SummaryBuilder(source.Path, source.Range, examplesPerReason: 3);
        ILineEventSink inner = _summary;
        if (sink == Sink.Events)
        {
            _collector = new EventCollector(source.Path, source.Range, _summary, additionalLeases: false);
            inner = _collector;
        }

        _parser = new DhcpLogLineParser(source, inner);
        _lines = lines;
        Check(name, expect);
    }

    /// <summary>Parses the batch once. Kept events are dropped first, so the list's capacity is reused as a real run's would grow.</summary>
    public long Run()
    {
        _collector?.Events.Clear();
        var parser = _parser;
        foreach (var line in _lines)
        {
            parser.Parse(line, ++_line);
        }

        return parser.Lines;
    }

    private void Check(string name, Expect expect)
    {
        // The first pass fills interners, dictionaries and the transaction window; later passes are the steady state.
        Run();
        var (events, nonEvents, unparsed, counted) = (_parser.EventLines, _parser.NonEventLines, _parser.UnparsedLines, _summary.Events);
        Run();
        Run();
        var expected = 2L * _lines.Length;
        var got = expect switch
        {
            Expect.Event => _parser.EventLines - events,
            Expect.NonEvent => _parser.NonEventLines - nonEvents,
            _ => _parser.UnparsedLines - unparsed,
        };
        var summaryEvents = _summary.Events - counted;
        if (got != expected || (expect == Expect.Event && summaryEvents != expected) || (_collector is not null && expect == Expect.Event
            && _collector.Events.Count != _lines.Length))
        {
            throw new InvalidOperationException(
                $"{name}: expected every line to be {expect}; over 2 batches got events={_parser.EventLines - events} " +
                $"non-events={_parser.NonEventLines - nonEvents} unparsed={_parser.UnparsedLines - unparsed} summary.Events={summaryEvents}. " +
                $"First line: {Encoding.UTF8.GetString(_lines[0])}");
        }

        var reasons = string.Join(", ", Enumerable.Range(0, _summary.Unparsed.Length)
            .Where(i => _summary.Unparsed[i] > 0).Select(i => $"{(UnparsedReason)i}={_summary.Unparsed[i]}"));
        Console.WriteLine($"// {name}: {_lines.Length} lines/batch, every line {expect}" + (reasons.Length > 0 ? $" ({reasons})" : "")
            + $"; e.g. {Encoding.UTF8.GetString(_lines[0])}");
    }
}
