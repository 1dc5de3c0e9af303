using System.Globalization;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using PacketGuide.Dns.Query;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// RFC 2136 dynamic update with TSIG (ARSoft.Tools.Net builds and signs the messages): one UPDATE message per apply
/// (a server applies it whole or not at all), over UDP with TCP when needed; the zone is read by AXFR (TSIG-signed when
/// a key is given). Values are turned into records by ARSoft's zone-file parser, so every type it knows is supported.
/// </summary>
public sealed class Rfc2136Provider : IDnsProvider
{
    /// <summary>Record types the server maintains itself (DNSSEC, BIND's signing state); never listed or changed here.</summary>
    private static readonly HashSet<string> s_serverOwned = new(StringComparer.OrdinalIgnoreCase) { "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY", "TYPE65534" };

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
        var response = await Client(tcpOnly: true).SendMessageAsync(query, cancellationToken).ConfigureAwait(false)
            ?? throw Unreachable($"AXFR of {zone}");
        Check(response, $"AXFR of {zone}", zone);
        var sets = new Dictionary<(string Name, string Type), (int Ttl, List<string> Values)>();
        foreach (var record in response.AnswerRecords)
        {
            var type = DnsRecordTypes.Name((ushort)record.RecordType);
            if (s_serverOwned.Contains(type))
            {
                continue;
            }

            var key = (record.Name.ToString().ToLowerInvariant(), type);
            if (!sets.TryGetValue(key, out var set))
            {
                sets[key] = set = (record.TimeToLive, []);
            }

            var data = DataOf(record);
            if (!set.Values.Contains(data, StringComparer.Ordinal))
            {
                set.Values.Add(data); // AXFR ends with the SOA again
            }
        }

        return [.. sets.Select(p => new DnsRecordSet(p.Key.Name, p.Key.Type, p.Value.Ttl, p.Value.Values))];
    }

    /// <summary>
    /// Estimated size limit of one UPDATE message. ARSoft.Tools.Net writes name-compression pointers past the 14-bit limit
    /// of 16,383 bytes, which BIND answers with FORMERR (seen with 500 A records, about 25 KB), so a change list larger than
    /// this (a bulk file) goes out in several messages, each atomic on its own.
    /// </summary>
    private const int MessageBudget = 14_000;

    public async Task ApplyAsync(string zone, IReadOnlyList<DnsChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var batch = new List<DnsChange>();
        var size = 0;
        foreach (var change in changes)
        {
            var cost = WireCost(zone, change.RecordSet);
            if (batch.Count > 0 && size + cost > MessageBudget)
            {
                await ApplyBatchAsync(zone, [.. batch], cancellationToken).ConfigureAwait(false);
                batch.Clear();
                size = 0;
            }

            batch.Add(change);
            size += cost;
        }

        if (batch.Count > 0)
        {
            await ApplyBatchAsync(zone, [.. batch], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An upper bound of the bytes a change adds to an UPDATE: the owner once (its labels above the zone, then a pointer),
    /// a 10-byte RR header for the delete and for each value, and each value's data (addresses in binary, other values at
    /// most their text length, which bounds names and strings).
    /// </summary>
    private static int WireCost(string zone, DnsRecordSet set)
    {
        var owner = Math.Max(0, set.Name.Length - zone.Length) + 3;
        var data = set.Type.ToUpperInvariant() switch
        {
            "A" => set.Values.Count * 4,
            "AAAA" => set.Values.Count * 16,
            _ => set.Values.Sum(v => v.Length + 2),
        };
        return owner + 12 + (set.Values.Count * 12) + data;
    }

    private async Task ApplyBatchAsync(string zone, DnsChange[] changes, CancellationToken cancellationToken)
    {
        var origin = DomainName.Parse(zone);
        var update = new DnsUpdateMessage { ZoneName = origin };
        foreach (var change in changes)
        {
            var set = change.RecordSet;
            if (!Enum.TryParse<RecordType>(set.Type, ignoreCase: true, out var type))
            {
                throw new DnsProviderException($"{Name}: record type {set.Type} is not one ARSoft.Tools.Net can send.");
            }

            // Replace = delete the RRset, then add every value, in the same message.
            update.Updates.Add(new DeleteAllRecordsUpdate(DomainName.Parse(set.Name), type));
            if (change.Kind == DnsChangeKind.Replace)
            {
                foreach (var record in Records(origin, set))
                {
                    update.Updates.Add(new AddRecordUpdate(record));
                }
            }
        }

        Sign(update);
        // A large UPDATE goes over TCP, as nsupdate does: servers answer an oversized UDP update with FORMERR.
        var response = await Client(tcpOnly: changes.Length > 20).SendUpdateAsync(update, cancellationToken).ConfigureAwait(false)
            ?? throw Unreachable($"UPDATE of {zone}");
        Check(response, $"UPDATE of {zone}", zone);
    }

    /// <summary>Typed records from zone-file text, by ARSoft's own parser.</summary>
    private List<DnsRecordBase> Records(DomainName origin, DnsRecordSet set)
    {
        var text = new StringBuilder();
        foreach (var value in set.Values)
        {
            text.Append(CultureInfo.InvariantCulture, $"{set.Name} {set.Ttl} IN {set.Type.ToUpperInvariant()} {value}\n");
        }

        try
        {
            return [.. Zone.ParseMasterFile(origin, new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())))];
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new DnsProviderException($"{Name}: {set.Name} {set.Type}: a value is not valid zone-file data ({ex.Message}).", ex);
        }
    }

    private void Sign(DnsMessageBase message)
    {
        if (_key is null)
        {
            return;
        }

        var algorithm = _key.Algorithm switch
        {
            "hmac-sha512" => TSigAlgorithm.Sha512,
            "hmac-md5" => TSigAlgorithm.Md5,
            _ => TSigAlgorithm.Sha256,
        };
        message.TSigOptions = new TSigRecord(DomainName.Parse(_key.Name), algorithm, _timeProvider.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(5),
            message.TransactionID, ReturnCode.NoError, null, _key.Secret);
    }

    private void Check(DnsMessageBase response, string what, string zone)
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
        tcpOnly ? [new TcpClientTransport(_server.Port)] : [new UdpClientTransport(_server.Port), new TcpClientTransport(_server.Port)],
        false,
        _timeoutMilliseconds);

    /// <summary>ARSoft writes "name ttl class type rdata" (names escaped, so without spaces); the rdata is what follows.</summary>
    private static string DataOf(DnsRecordBase record)
    {
        var fields = record.ToString().Split(' ', 5);
        return fields.Length == 5 ? fields[4] : "";
    }

    private static string Rcode(int code) => DnsQueryRunner.ResponseCodeName(code);
}
