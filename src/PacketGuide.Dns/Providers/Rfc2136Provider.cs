using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using PacketGuide.Dns.Query;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// RFC 2136 dynamic update with TSIG (ARSoft.Tools.Net builds and signs the messages): one UPDATE message per apply of
/// up to 63 KB (a server applies it whole or not at all), over UDP with TCP when needed; the zone is read by AXFR (TSIG-signed when
/// a key is given). Values are turned into records by ARSoft's zone-file parser, so every type it knows is supported.
/// </summary>
public sealed class Rfc2136Provider : IDnsProvider
{
    private readonly DnsServer _server;
    private readonly IReadOnlyList<string> _zones;
    private readonly TsigKey? _key;
    private readonly int _timeoutMilliseconds;
    private readonly TimeProvider _timeProvider;

    public Rfc2136Provider(string name, DnsServer server, IReadOnlyList<string> zones, TsigKey? key, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(zones);
        Name = name;
        _server = server;
        _zones = [.. zones.Select(z => z.TrimEnd('.').ToLowerInvariant() + ".")];
        _key = key;
        _timeoutMilliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 100, 600_000);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name { get; }

    public Task<IReadOnlyList<string>> ZonesAsync(CancellationToken cancellationToken = default) => Task.FromResult(_zones);

    public async Task<IReadOnlyList<DnsRecordSet>> ListAsync(string zone, CancellationToken cancellationToken = default)
    {
        var query = new DnsMessage { IsQuery = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(zone), RecordType.Axfr, RecordClass.INet));
        Sign(query);
        var response = await Client(tcpOnly: true).SendMessageAsync(query, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Unreachable($"AXFR of {zone}");
        }

        Check(response, $"AXFR of {zone}", zone);
        return ArsoftRecordSets.Group(response.AnswerRecords);
    }

    /// <summary>
    /// Size limit of one UPDATE message: a DNS message over TCP is at most 65,535 bytes; this leaves room for the header,
    /// the zone and the TSIG record. A larger change list (a bulk file) goes out in several messages, each atomic on its own.
    /// </summary>
    private const int MessageBudget = 63_000;

    /// <summary>Above this estimate an UPDATE goes over TCP, as nsupdate does (a plain UDP message is at most 512 bytes).</summary>
    private const int UdpBudget = 512;

    public bool PreconditionsAreAtomic => true;

    public async Task ApplyAsync(string zone, IReadOnlyList<DnsChange> changes, DnsApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var batches = Batches(changes, options?.Preconditions ?? []);
        if (batches.Count == 0)
        {
            return;
        }

        // Each message is built while the server applies the one before (building is most of pguide's own time).
        var sent = 0;
        var next = Task.Run(() => Build(zone, batches[0].Changes, batches[0].Preconditions), cancellationToken);
        for (var i = 0; i < batches.Count; i++)
        {
            var update = await next.ConfigureAwait(false);
            if (i + 1 < batches.Count)
            {
                var following = batches[i + 1];
                next = Task.Run(() => Build(zone, following.Changes, following.Preconditions), cancellationToken);
            }

            await SendAsync(zone, update, tcp: batches[i].Size > UdpBudget, batches[i].Preconditions, cancellationToken).ConfigureAwait(false);
            sent += batches[i].Changes.Count;
            options?.Progress?.Report(sent);
        }
    }

    /// <summary>
    /// The changes cut into messages of at most <see cref="MessageBudget"/> bytes. A precondition on an RRset that a
    /// message changes goes into that message, so each message is checked and applied whole; the others go into the first.
    /// </summary>
    private static List<(List<DnsChange> Changes, List<DnsPrecondition> Preconditions, int Size)> Batches(IReadOnlyList<DnsChange> changes,
        IReadOnlyList<DnsPrecondition> preconditions)
    {
        static (string, string) Key(string name, string type) => (name.ToLowerInvariant(), type.ToUpperInvariant());
        var byRecordSet = preconditions.ToLookup(p => Key(p.Name, p.Type));
        var changed = changes.Select(c => Key(c.RecordSet.Name, c.RecordSet.Type)).ToHashSet();
        var unattached = preconditions.Where(p => !changed.Contains(Key(p.Name, p.Type))).ToList();
        static int Cost(DnsPrecondition p) => WireCost(new DnsRecordSet(p.Name, p.Type, 0, p.Values));

        var batches = new List<(List<DnsChange> Changes, List<DnsPrecondition> Preconditions, int Size)>();
        var batch = new List<DnsChange>();
        var guards = new List<DnsPrecondition>(unattached);
        var size = unattached.Sum(Cost);
        foreach (var change in changes)
        {
            var own = byRecordSet[Key(change.RecordSet.Name, change.RecordSet.Type)].ToList();
            var cost = WireCost(change.RecordSet) + own.Sum(Cost);
            if (batch.Count > 0 && size + cost > MessageBudget)
            {
                batches.Add((batch, guards, size));
                batch = [];
                guards = [];
                size = 0;
            }

            batch.Add(change);
            guards.AddRange(own);
            size += cost;
        }

        if (batch.Count > 0 || guards.Count > 0)
        {
            batches.Add((batch, guards, size));
        }

        return batches;
    }

    /// <summary>
    /// An upper bound of the bytes a change adds to an UPDATE, without name compression (which only shortens it): the
    /// delete (owner and a 10-byte RR header) and each value (owner, header and data: addresses in binary, other values
    /// at most their text length plus two, which bounds names, strings and hex or base64 data).
    /// </summary>
    internal static int WireCost(DnsRecordSet set)
    {
        var owner = set.Name.Length + 2;
        var data = set.Type.ToUpperInvariant() switch
        {
            "A" => set.Values.Count * 4,
            "AAAA" => set.Values.Count * 16,
            _ => set.Values.Sum(v => v.Length + 2),
        };
        return owner + 10 + (set.Values.Count * (owner + 10)) + data;
    }

    /// <summary>One UPDATE message: the preconditions as prerequisites, then for each change a delete of the RRset and the adds of its values.</summary>
    private PointerSafeUpdateMessage Build(string zone, List<DnsChange> changes, IReadOnlyList<DnsPrecondition> preconditions)
    {
        var origin = DomainName.Parse(zone);
        var update = new PointerSafeUpdateMessage { ZoneName = origin };
        foreach (var condition in preconditions.Where(p => p.Values.Count == 0))
        {
            update.Prequisites.Add(new RecordNotExistsPrequisite(DomainName.Parse(condition.Name), TypeOf(condition.Type)));
        }

        var required = preconditions.Where(p => p.Values.Count > 0).Select(p => (DomainName.Parse(p.Name), new DnsRecordSet(p.Name, p.Type, 0, p.Values))).ToList();
        foreach (var record in Records(origin, required).SelectMany(r => r))
        {
            update.Prequisites.Add(new RecordExistsValueDependantPrequisite(record));
        }

        var sets = changes.Select(c => (Owner: DomainName.Parse(c.RecordSet.Name), Set: c.RecordSet)).ToList();
        var added = Records(origin, [.. sets.Where((_, i) => changes[i].Kind == DnsChangeKind.Replace)]);
        var next = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            // Replace = delete the RRset, then add every value, in the same message.
            update.Updates.Add(new DeleteAllRecordsUpdate(sets[i].Owner, TypeOf(sets[i].Set.Type)));
            if (changes[i].Kind == DnsChangeKind.Replace)
            {
                foreach (var record in added[next++])
                {
                    update.Updates.Add(new AddRecordUpdate(record));
                }
            }
        }

        return update;
    }

    private async Task SendAsync(string zone, PointerSafeUpdateMessage update, bool tcp, IReadOnlyList<DnsPrecondition> preconditions, CancellationToken cancellationToken)
    {
        Sign(update);
        var response = await Client(tcpOnly: tcp).SendUpdateAsync(update, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Unreachable($"UPDATE of {zone}");
        }

        Check(response, $"UPDATE of {zone}", zone, preconditions);
    }

    private RecordType TypeOf(string type) => Enum.TryParse<RecordType>(type, ignoreCase: true, out var parsed)
        ? parsed
        : throw new DnsProviderException($"{Name}: record type {type} is not one ARSoft.Tools.Net can send.");

    /// <summary>
    /// Typed records for each set, in order. Addresses are built directly; everything else by ARSoft's zone-file parser,
    /// all sets in one go (a parse per set was half the time of a 10,000-record apply), and when that fails, set by set to
    /// name the one at fault.
    /// </summary>
    private List<DnsRecordBase>[] Records(DomainName origin, List<(DomainName Owner, DnsRecordSet Set)> sets)
    {
        var records = new List<DnsRecordBase>[sets.Count];
        var parse = new List<int>();
        for (var i = 0; i < sets.Count; i++)
        {
            if (Addresses(sets[i].Owner, sets[i].Set) is { } direct)
            {
                records[i] = direct;
            }
            else
            {
                parse.Add(i);
            }
        }

        if (parse.Count == 0)
        {
            return records;
        }

        try
        {
            var parsed = Parse(origin, [.. parse.Select(i => sets[i].Set)]);
            if (parsed.Count == parse.Sum(i => sets[i].Set.Values.Count))
            {
                var next = 0;
                foreach (var i in parse)
                {
                    records[i] = parsed.GetRange(next, sets[i].Set.Values.Count);
                    next += sets[i].Set.Values.Count;
                }

                return records;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            // Found below, set by set.
        }

        foreach (var i in parse)
        {
            var set = sets[i].Set;
            try
            {
                records[i] = Parse(origin, [set]);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
            {
                throw new DnsProviderException($"{Name}: {set.Name} {set.Type}: a value is not valid zone-file data ({ex.Message}).", ex);
            }

            if (records[i].Count != set.Values.Count)
            {
                throw new DnsProviderException($"{Name}: {set.Name} {set.Type}: {set.Values.Count} value(s) read as {records[i].Count} zone-file record(s); a value holds a line break or parenthesis.");
            }
        }

        return records;
    }

    /// <summary>A or AAAA records straight from the addresses, or null when the set is something else (or a value is not an address of its kind).</summary>
    private static List<DnsRecordBase>? Addresses(DomainName owner, DnsRecordSet set)
    {
        var family = set.Type.ToUpperInvariant() switch
        {
            "A" => AddressFamily.InterNetwork,
            "AAAA" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown)
        {
            return null;
        }

        var records = new List<DnsRecordBase>(set.Values.Count);
        foreach (var value in set.Values)
        {
            // Only plain forms: IPAddress also reads "10" or "0x0a.1" as IPv4 and "fe80::1%eth0" with a scope.
            if (!IPAddress.TryParse(value, out var address) || address.AddressFamily != family || value.Contains('%', StringComparison.Ordinal)
                || (family == AddressFamily.InterNetwork && address.ToString() != value))
            {
                return null;
            }

            records.Add(family == AddressFamily.InterNetwork ? new ARecord(owner, set.Ttl, address) : new AaaaRecord(owner, set.Ttl, address));
        }

        return records;
    }

    private static List<DnsRecordBase> Parse(DomainName origin, IReadOnlyList<DnsRecordSet> sets)
    {
        var text = new StringBuilder();
        foreach (var set in sets)
        {
            foreach (var value in set.Values)
            {
                text.Append(CultureInfo.InvariantCulture, $"{set.Name} {set.Ttl} IN {set.Type.ToUpperInvariant()} {value}\n");
            }
        }

        return [.. Zone.ParseMasterFile(origin, new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())))];
    }

    private void Sign(DnsMessageBase message) => _key?.Sign(message, _timeProvider.GetUtcNow());

    private void Check(DnsMessageBase response, string what, string zone, IReadOnlyList<DnsPrecondition>? preconditions = null)
    {
        var tsigError = response.TSigOptions?.Error;
        var code = response.ReturnCode;
        if (code == ReturnCode.NoError)
        {
            if (_key is not null && response.TSigOptions?.ValidationResult is { } validation && validation != ReturnCode.NoError)
            {
                throw new DnsProviderException($"{Name}: the answer to the {what} is not signed with key {_key.Name} ({Rcode((int)validation)}).");
            }

            return;
        }

        if (preconditions is { Count: > 0 } && (int)code is 3 or 6 or 7 or 8)
        {
            throw new DnsProviderException($"{Name}: {what} at {_server}: the zone changed underneath ({Rcode((int)code)}): " +
                $"{string.Join("; ", preconditions.Take(3))}{(preconditions.Count > 3 ? "; ..." : "")} no longer holds. Nothing was changed.")
            { Failure = DnsProviderFailure.PreconditionFailed };
        }

        var keyName = _key?.Name ?? "(none)";
        var reason = (int)code switch
        {
            9 when tsigError is { } t && t != ReturnCode.NoError =>
                $"the server rejected TSIG key {keyName} ({Rcode((int)t)}: {((int)t == 16 ? "wrong secret or algorithm" : (int)t == 17 ? "the server does not know this key name" : (int)t == 18 ? "clocks differ by more than 5 minutes" : "signature error")}).",
            9 => $"the server is not authoritative for {zone} (NOTAUTH), or rejected key {keyName}.",
            5 => $"the server refused it (REFUSED): no key, key {keyName} is not allowed to change {zone} (update-policy / allow-update), " +
                "or the server's own checks rejected the content (BIND refuses an MX or SRV whose target in the zone has no A/AAAA); its log names the reason.",
            10 => $"a name is outside the zone {zone} (NOTZONE).",
            8 => "a prerequisite failed (NXRRSET): the RRset it required is not there.",
            7 => "a prerequisite failed (YXRRSET): an RRset it required to be absent is there.",
            6 => "a prerequisite failed (YXDOMAIN): a name it required to be absent exists.",
            3 => "a prerequisite failed (NXDOMAIN): a name it required does not exist.",
            2 => "the server failed (SERVFAIL); its log says why.",
            4 => "the server does not support dynamic update (NOTIMP).",
            _ => $"the server answered {Rcode((int)code)}.",
        };
        throw new DnsProviderException($"{Name}: {what} at {_server}: {reason}");
    }

    private DnsProviderException Unreachable(string what) =>
        new($"{Name}: no answer from {_server} to the {what} (timed out or refused).") { Failure = DnsProviderFailure.Unreachable };

    private ARSoft.Tools.Net.Dns.DnsClient Client(bool tcpOnly) => new(
        [_server.Address],
        tcpOnly ? [new SequentialTcpTransport(_server.Port)] : [new UdpClientTransport(_server.Port), new SequentialTcpTransport(_server.Port)],
        false,
        _timeoutMilliseconds);

    private static string Rcode(int code) => DnsQueryRunner.ResponseCodeName(code);
}
