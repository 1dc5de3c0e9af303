using System.Text;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Analysis;

/// <summary>
/// Accumulates the summary of one chunk, file or run. Counting an event allocates nothing once its server, subnet and
/// relay have been seen. Chunks are merged in file order with <see cref="MergeFrom"/>. Distinct clients may be counted
/// into a set shared by the chunks one worker parses; the worker then reports that set once, in a summary of its own,
/// instead of every chunk carrying (and every merge copying) a set of its own.
/// </summary>
internal sealed class SummaryBuilder : ILineEventSink
{
    private const int MaxAllocationFailures = 100;
    private readonly string _path;
    private readonly TimeRange _range;
    private readonly int _examplesPerReason;
    private readonly Dictionary<string, KindCounts> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KindCounts> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KindCounts> _via = new(StringComparer.Ordinal);
    private readonly GroupCache _serverCache;
    private readonly GroupCache _subnetCache;
    private readonly GroupCache _viaCache;
    private readonly bool _clientsShared;

    /// <param name="path">The input, for examples and allocation failures.</param>
    /// <param name="range">Events outside it are counted as out of range only.</param>
    /// <param name="examplesPerReason">How many unparsed lines to keep per reason.</param>
    /// <param name="workerClients">A worker's set to count clients into; <see cref="MergeFrom"/> then leaves them to the worker.</param>
    public SummaryBuilder(string path, TimeRange range, int examplesPerReason, DistinctClientSet? workerClients = null)
        : this(path, range, examplesPerReason, workerClients ?? new DistinctClientSet(), workerClients is not null)
    {
    }

    private SummaryBuilder(string path, TimeRange range, int examplesPerReason, DistinctClientSet clients, bool clientsShared)
    {
        Clients = clients;
        _clientsShared = clientsShared;
        _path = path;
        _range = range;
        _examplesPerReason = examplesPerReason;
        _serverCache = new GroupCache(_servers);
        _subnetCache = new GroupCache(_subnets);
        _viaCache = new GroupCache(_via);
    }

    /// <summary>A summary of nothing but a worker's distinct clients, merged once after the worker's chunks.</summary>
    public static SummaryBuilder OfWorkerClients(string path, TimeRange range, DistinctClientSet clients) =>
        new(path, range, 0, clients, clientsShared: false);

    public KindCounts ByKind { get; } = new();

    public long Events { get; private set; }

    public long OutOfRange { get; private set; }

    public DistinctClientSet Clients { get; }

    public long[] Unparsed { get; } = new long[UnparsedReasons.Count];

    public List<UnparsedExample> Examples { get; } = [];

    public List<AllocationFailure> AllocationFailures { get; } = [];

    public long AllocationFailureCount { get; private set; }

    public Dictionary<ulong, ClientTally> Refusals { get; } = [];

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public IReadOnlyDictionary<string, KindCounts> Servers => _servers;

    public IReadOnlyDictionary<string, KindCounts> Subnets => _subnets;

    public IReadOnlyDictionary<string, KindCounts> Via => _via;

    public void OnEvent(scoped in LineEvent e)
    {
        if (!_range.Contains(e.HasTime, e.Time))
        {
            OutOfRange++;
            return;
        }

        Count(e.Kind, e.HasTime, e.Time, e.Server, e.Subnet, e.Via, e.ClientKey);
        if (e.Kind is DhcpMessageKind.Nak or DhcpMessageKind.Decline or DhcpMessageKind.AllocationFailed)
        {
            var client = e.HasMac ? e.Mac.ToString() : e.ClientId.IsEmpty ? null : Encoding.UTF8.GetString(e.ClientId);
            Notable(e.Kind, e.HasTime ? e.Time : null, e.Server, e.Subnet, client, e.ClientKey, e.Line);
        }
    }

    public void Add(LeaseEvent e)
    {
        if (!_range.Contains(e.Time.HasValue, e.Time.GetValueOrDefault()))
        {
            OutOfRange++;
            return;
        }

        var key = e.Mac is { } mac ? ClientKeys.FromMac(mac) : e.ClientId is { } id ? ClientKeys.FromHexOctets(Encoding.UTF8.GetBytes(id)) : 0;
        Count(e.Kind, e.Time.HasValue, e.Time.GetValueOrDefault(), e.Server, e.Subnet, e.Via, key);
        if (e.Kind is DhcpMessageKind.Nak or DhcpMessageKind.Decline or DhcpMessageKind.AllocationFailed)
        {
            Notable(e.Kind, e.Time, e.Server, e.Subnet, e.Mac?.ToString() ?? e.ClientId, key, e.Source.Line);
        }
    }

    public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text)
    {
        if (Unparsed[(int)reason]++ < _examplesPerReason)
        {
            Examples.Add(new UnparsedExample(reason.ToWireName(), new SourceLocation(_path, line), Printable(text)));
        }
    }

    /// <summary>Adds a later chunk or file; <paramref name="lineOffset"/> turns its chunk-relative line numbers into file lines.</summary>
    public void MergeFrom(SummaryBuilder other, long lineOffset)
    {
        ByKind.Add(other.ByKind);
        Events += other.Events;
        OutOfRange += other.OutOfRange;
        if (!other._clientsShared)
        {
            Clients.UnionWith(other.Clients);
        }

        foreach (var example in other.Examples)
        {
            if (Examples.Count(x => x.Reason == example.Reason) < _examplesPerReason)
            {
                Examples.Add(example with { Source = Shift(example.Source, lineOffset) });
            }
        }

        for (var i = 0; i < Unparsed.Length; i++)
        {
            Unparsed[i] += other.Unparsed[i];
        }

        foreach (var failure in other.AllocationFailures.Take(MaxAllocationFailures - AllocationFailures.Count))
        {
            AllocationFailures.Add(failure with { Source = Shift(failure.Source, lineOffset) });
        }

        AllocationFailureCount += other.AllocationFailureCount;
        foreach (var (key, tally) in other.Refusals)
        {
            Refusals[key] = Refusals.TryGetValue(key, out var mine)
                ? mine with { Naks = mine.Naks + tally.Naks, Declines = mine.Declines + tally.Declines }
                : tally;
        }

        MergeGroups(_servers, other._servers);
        MergeGroups(_subnets, other._subnets);
        MergeGroups(_via, other._via);
        if (other.First is { } f && (First is null || f < First))
        {
            First = f;
        }

        if (other.Last is { } l && (Last is null || l > Last))
        {
            Last = l;
        }
    }

    private static SourceLocation Shift(SourceLocation source, long offset) => source with { Line = source.Line + offset };

    private void Count(DhcpMessageKind kind, bool hasTime, DateTimeOffset time, string server, string? subnet, string? via, ulong client)
    {
        Events++;
        ByKind.Add(kind);
        _serverCache.Get(server).Add(kind);
        _subnetCache.Get(subnet ?? "(unknown)").Add(kind);
        if (via is not null)
        {
            _viaCache.Get(via).Add(kind);
        }

        Clients.Add(client);
        if (hasTime)
        {
            if (First is null || time < First)
            {
                First = time;
            }

            if (Last is null || time > Last)
            {
                Last = time;
            }
        }
    }

    private void Notable(DhcpMessageKind kind, DateTimeOffset? time, string server, string? subnet, string? client, ulong key, long line)
    {
        if (kind == DhcpMessageKind.AllocationFailed)
        {
            AllocationFailureCount++;
            if (AllocationFailures.Count < MaxAllocationFailures)
            {
                AllocationFailures.Add(new AllocationFailure(time, server, subnet, client, new SourceLocation(_path, line)));
            }

            return;
        }

        if (key == 0 || client is null)
        {
            return;
        }

        var nak = kind == DhcpMessageKind.Nak ? 1 : 0;
        Refusals[key] = Refusals.TryGetValue(key, out var tally)
            ? tally with { Naks = tally.Naks + nak, Declines = tally.Declines + 1 - nak }
            : new ClientTally(client, nak, 1 - nak);
    }

    private static void MergeGroups(Dictionary<string, KindCounts> into, Dictionary<string, KindCounts> from)
    {
        foreach (var (key, counts) in from)
        {
            if (!into.TryGetValue(key, out var mine))
            {
                into[key] = mine = new KindCounts();
            }

            mine.Add(counts);
        }
    }

    /// <summary>At most 200 characters of a line, with control characters and invalid UTF-8 made visible and harmless.</summary>
    internal static string Printable(ReadOnlySpan<byte> text)
    {
        var cut = text.Length > 200 ? text[..200] : text;
        var s = Encoding.UTF8.GetString(cut);
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return text.Length > 200 ? new string(chars) + "..." : new string(chars);
    }

    /// <summary>Remembers the last key looked up, so a run of events from one server or subnet skips the hash lookup.</summary>
    private sealed class GroupCache(Dictionary<string, KindCounts> groups)
    {
        private string? _lastKey;
        private KindCounts? _last;

        public KindCounts Get(string key)
        {
            if (ReferenceEquals(key, _lastKey))
            {
                return _last!;
            }

            if (!groups.TryGetValue(key, out var counts))
            {
                groups[key] = counts = new KindCounts();
            }

            _lastKey = key;
            _last = counts;
            return counts;
        }
    }
}
