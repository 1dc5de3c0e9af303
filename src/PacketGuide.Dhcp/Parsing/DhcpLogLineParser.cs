using System.Text.Unicode;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Parses one line of a DHCP server log of any supported layout: Kea's file layout, syslog (RFC 3164, RFC 5424,
/// ISO-stamped) around Kea or dhcpd messages, and bare dhcpd stderr. Keeps the per-line counts. Not thread-safe:
/// parallel parsing uses one instance per chunk.
/// </summary>
internal sealed class DhcpLogLineParser
{
    private readonly LogSource _source;
    private readonly ILineEventSink _sink;
    private readonly Utf8Interner _interner = new();
    private readonly KeaLogParser _kea;
    private readonly DhcpdLogParser _dhcpd;
    private readonly LocalClock _clock;
    private readonly KeaTimestampCache _keaTime = new();

    /// <param name="window">Kea's correlation table, empty; a chunk worker passes the one it reuses (it is 98 KB).</param>
    public DhcpLogLineParser(LogSource source, ILineEventSink sink, KeaTransactionWindow? window = null)
    {
        _source = source;
        _sink = sink;
        _kea = new KeaLogParser(_interner, window ?? new KeaTransactionWindow());
        _dhcpd = new DhcpdLogParser(_interner);
        _clock = new LocalClock(source.TimeZone);
    }

    /// <summary>While true, lines only update correlation state (see <see cref="WarmUp"/>).</summary>
    private bool Warmup { get; set; }

    /// <summary>
    /// Feeds the text just before where counting starts, without counting it, so that Kea's multi-line packets are
    /// correlated as in one pass. When <paramref name="startsMidLine"/>, the text up to its first newline is a fragment
    /// and skipped; a last line without a newline is not complete and is skipped too.
    /// </summary>
    public void WarmUp(ReadOnlySpan<byte> before, bool startsMidLine)
    {
        if (startsMidLine)
        {
            var first = before.IndexOf((byte)'\n');
            before = first < 0 ? default : before[(first + 1)..];
        }

        Warmup = true;
        while (!before.IsEmpty)
        {
            var nl = before.IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            Parse(before[..nl], 0);
            before = before[(nl + 1)..];
        }

        Warmup = false;
    }

    public long Lines { get; private set; }

    public long EventLines { get; private set; }

    public long NonEventLines { get; private set; }

    public long UnparsedLines { get; private set; }

    /// <summary>Counts a line that was too long to look at.</summary>
    public void TooLong(long lineNumber, ReadOnlySpan<byte> head)
    {
        if (Warmup)
        {
            return;
        }

        Lines++;
        UnparsedLines++;
        _sink.OnUnparsed(UnparsedReason.LineTooLong, lineNumber, head);
    }

    public void Parse(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        var outcome = ParseCore(line, lineNumber, out var reason);
        if (Warmup)
        {
            return;
        }

        Lines++;
        switch (outcome)
        {
            case LineOutcome.Event:
                EventLines++;
                break;
            case LineOutcome.NonEvent:
                NonEventLines++;
                break;
            default:
                UnparsedLines++;
                if (reason is UnparsedReason.NotALogLine or UnparsedReason.MalformedMessage or UnparsedReason.UnknownMessage
                    && LooksBinary(line))
                {
                    reason = UnparsedReason.Binary;
                }

                _sink.OnUnparsed(reason, lineNumber, line);
                break;
        }
    }

    private LineOutcome ParseCore(ReadOnlySpan<byte> line, long lineNumber, out UnparsedReason reason)
    {
        reason = UnparsedReason.NotALogLine;
        if (line.IsEmpty)
        {
            return LineOutcome.NonEvent;
        }

        var emit = !Warmup;

        // Kea's file layout: "2026-11-26 12:56:11.751 INFO  [kea-dhcp4....] MSGID ..."
        if (line.Length > 24 && line[4] == '-' && line[10] == ' ' && line[13] == ':' && line[23] == ' ')
        {
            if (!_keaTime.TryParse(line, out var local))
            {
                reason = UnparsedReason.BadTimestamp;
                return LineOutcome.Unparsed;
            }

            var time = new LineTime(_clock.ToOffset(local), subSecond: true);
            return _kea.Parse(line[24..], time, _source.DefaultServer, lineNumber, _sink, emit, out reason);
        }

        if (SyslogHeader.TryParse(line, out var header, out var badTime))
        {
            var time = header.Layout switch
            {
                SyslogLayout.Rfc3164 => Bsd(header, out var ok) is var t && ok ? new LineTime(t, subSecond: false) : LineTime.None,
                _ when header.Time == default => LineTime.None,
                _ => new LineTime(header.Time, header.SubSecond),
            };

            if (header.Layout == SyslogLayout.Rfc3164 && !time.HasTime)
            {
                reason = UnparsedReason.BadTimestamp;
                return LineOutcome.Unparsed;
            }

            var server = ServerFor(header.Host);
            if (header.Program.StartsWith("kea-dhcp"u8))
            {
                return _kea.Parse(header.Message, time, server, lineNumber, _sink, emit, out reason);
            }

            if (header.Program.SequenceEqual("dhcpd"u8))
            {
                return _dhcpd.Parse(header.Message, time, server, lineNumber, _sink, emit, programKnown: true, out reason);
            }

            reason = UnparsedReason.OtherProgram;
            return LineOutcome.Unparsed;
        }

        if (badTime)
        {
            reason = UnparsedReason.BadTimestamp;
            return LineOutcome.Unparsed;
        }

        if (line[0] is (byte)' ' or (byte)'\t')
        {
            reason = _source.Format == DhcpLogFormat.Kea ? UnparsedReason.PacketDump : UnparsedReason.NotALogLine;
            return LineOutcome.Unparsed;
        }

        if (_source.Format == DhcpLogFormat.Kea)
        {
            return LineOutcome.Unparsed;
        }

        return _dhcpd.Parse(line, LineTime.None, _source.DefaultServer, lineNumber, _sink, emit, programKnown: false, out reason);
    }

    private DateTimeOffset Bsd(in SyslogHeader header, out bool ok)
    {
        var reference = _source.ReferenceLocalTime;
        var year = _source.Year ?? reference.Year;
        ok = LogTimestamp.TryCompose(year, header.Month, header.Day, header.TimeOfDayTicks, out var local);
        if (ok && _source.Year is null && local > reference.Ticks + TimeSpan.TicksPerDay)
        {
            // A December line read in January: last year's.
            ok = LogTimestamp.TryCompose(year - 1, header.Month, header.Day, header.TimeOfDayTicks, out local);
        }

        return ok ? _clock.ToOffset(local) : default;
    }

    private string ServerFor(ReadOnlySpan<byte> host)
    {
        return _source.ServerOverride || host.IsEmpty || host.SequenceEqual("-"u8) ? _source.DefaultServer : _interner.Intern(host);
    }

    private static bool LooksBinary(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b < 0x20 && b != '\t')
            {
                return true;
            }
        }

        return !Utf8.IsValid(line);
    }
}
