using System.Globalization;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Providers;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// Reads a zone's DNSSEC from what its server serves, over DNS, at the one address it is given (never the system
/// resolver): DNSKEY, CDS, CDNSKEY, NSEC3PARAM and the parent's DS with the DO bit, and the whole zone by AXFR (TSIG-signed
/// when a key is given) for the signature health. ARSoft.Tools.Net does the messages: it types CDS/CDNSKEY/NSEC3PARAM and
/// signs the AXFR, and the provider code already uses it for AXFR.
/// </summary>
public sealed class ServedDnssecReader
{
    private readonly DnsServer _server;
    private readonly TsigKey? _key;
    private readonly int _timeoutMilliseconds;
    private readonly TimeProvider _timeProvider;

    public ServedDnssecReader(DnsServer server, TsigKey? key, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _key = key;
        _timeoutMilliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 100, 600_000);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public DnsServer Server => _server;

    /// <summary>
    /// DS records for the parent from the served DNSKEY RRset: one per key signing key (SEP flag), or per key when the
    /// zone has no SEP key.
    /// </summary>
    public async Task<IReadOnlyList<string>> DsAsync(string zone, int digestType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var keys = await KeysAsync(DomainName.Parse(zone), zone, cancellationToken).ConfigureAwait(false);
        var sep = keys.Where(k => k.IsSecureEntryPoint).ToList();
        return [.. (sep.Count > 0 ? sep : keys).Select(k => k.Ds(zone, digestType))];
    }

    /// <exception cref="DnsProviderException">The server did not answer (Unreachable) or is not authoritative for the zone (Refused).</exception>
    public Task<ServedDnssec> ReadAsync(string zone, CancellationToken cancellationToken) => ReadAsync(zone, transferUnsigned: true, cancellationToken);

    /// <exception cref="DnsProviderException">The server did not answer (Unreachable) or is not authoritative for the zone (Refused).</exception>
    /// <param name="transferUnsigned">
    /// Also transfer a zone that serves no DNSKEY, to find signatures left behind; the validator, which has nothing to say
    /// about an unsigned zone's signatures, saves the second AXFR.
    /// </param>
    public async Task<ServedDnssec> ReadAsync(string zone, bool transferUnsigned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var name = DomainName.Parse(zone);
        var keys = await KeysAsync(name, zone, cancellationToken).ConfigureAwait(false);
        var cds = (await QueryAsync(name, RecordType.CDs, cancellationToken).ConfigureAwait(false)).AnswerRecords.OfType<CDsRecord>()
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.KeyTag} {(int)r.Algorithm} {(int)r.DigestType} {(r.Digest.Length == 0 ? "00" : Convert.ToHexString(r.Digest))}"))
            .ToList();
        var cdnskey = (await QueryAsync(name, RecordType.CDnsKey, cancellationToken).ConfigureAwait(false)).AnswerRecords.OfType<CDnsKeyRecord>()
            .Select(r => new ServedDnsKey((int)r.Flags, r.Protocol, (int)r.Algorithm, r.PublicKey).Text).ToList();
        var nsec3 = (await QueryAsync(name, RecordType.NSec3Param, cancellationToken).ConfigureAwait(false)).AnswerRecords.OfType<NSec3ParamRecord>()
            .Select(r => new Nsec3Settings(r.Iterations, Convert.ToHexString(r.Salt).ToLowerInvariant())).FirstOrDefault();
        var parent = await ParentAsync(zone, name, keys, cancellationToken).ConfigureAwait(false);

        var (records, transferError) = keys.Count > 0 || transferUnsigned ? await TransferAsync(name, cancellationToken).ConfigureAwait(false) : (null, null);
        SignatureHealth? health = null;
        List<SignatureWindow> signatures = [];
        if (records is not null)
        {
            signatures = [.. records.OfType<RrSigRecord>().Select(s => new SignatureWindow(s.Name.ToString(), TypeName(s.TypeCovered), s.KeyTag,
                new DateTimeOffset(DateTime.SpecifyKind(s.SignatureInception, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(s.SignatureExpiration, DateTimeKind.Utc))))];
            var rrsets = records.Where(r => r.RecordType != RecordType.RrSig).Select(r => (r.Name.ToString(), TypeName(r.RecordType)));
            if (nsec3 is not null && records.OfType<NSec3Record>().Any(r => ((int)r.Flags & 1) != 0))
            {
                nsec3 = nsec3 with { OptOut = true }; // opt-out is a flag of the NSEC3 records; NSEC3PARAM's flags are always 0
            }

            health = SignatureHealth.Evaluate(zone, rrsets, signatures, [.. keys.Select(k => (k.KeyTag, k.Flags))], _timeProvider.GetUtcNow());
        }

        return new ServedDnssec(keys, cds, cdnskey, nsec3, parent, health, transferError, signatures);
    }

    /// <summary>The served DNSKEY RRset (also the check that the server is authoritative for the zone).</summary>
    private async Task<List<ServedDnsKey>> KeysAsync(DomainName name, string zone, CancellationToken cancellationToken)
    {
        var dnskey = await QueryAsync(name, RecordType.DnsKey, cancellationToken).ConfigureAwait(false);
        if (!dnskey.IsAuthoritiveAnswer || dnskey.ReturnCode != ReturnCode.NoError)
        {
            throw new DnsProviderException($"{_server} is not authoritative for {zone} (it answered {dnskey.ReturnCode}{(dnskey.IsAuthoritiveAnswer ? "" : ", without AA")}); is the zone there?");
        }

        return [.. dnskey.AnswerRecords.OfType<DnsKeyRecord>().Select(k => new ServedDnsKey((int)k.Flags, k.Protocol, (int)k.Algorithm, k.PublicKey))];
    }

    /// <summary>The largest TTL of the DNSKEY RRset as served (0 when there is none): how long resolvers may cache the old key set.</summary>
    public async Task<int> DnsKeyTtlAsync(string zone, CancellationToken cancellationToken)
    {
        var dnskey = await QueryAsync(DomainName.Parse(zone), RecordType.DnsKey, cancellationToken).ConfigureAwait(false);
        return dnskey.AnswerRecords.OfType<DnsKeyRecord>().Select(k => k.TimeToLive).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// The parent's DS, when this server answers the DS question from a parent zone: DS records in the answer, or no
    /// data with a SOA that is not the zone's own (a server with only the child answers from the child, SOA = the zone).
    /// </summary>
    private async Task<ParentDsCheck> ParentAsync(string zone, DomainName name, List<ServedDnsKey> keys, CancellationToken cancellationToken)
    {
        if (name.LabelCount == 0)
        {
            return ParentDsCheck.NotLocal;
        }

        var answer = await QueryAsync(name, RecordType.Ds, cancellationToken).ConfigureAwait(false);
        var ds = answer.AnswerRecords.OfType<DsRecord>().Where(d => d.Name.Equals(name)).ToList();
        var soaOwner = answer.AuthorityRecords.OfType<SoaRecord>().FirstOrDefault()?.Name;
        var fromParent = answer.IsAuthoritiveAnswer && answer.ReturnCode == ReturnCode.NoError && (ds.Count > 0 || (soaOwner is not null && !soaOwner.Equals(name)));
        if (!fromParent)
        {
            return ParentDsCheck.NotLocal;
        }

        var texts = ds.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.KeyTag} {(int)d.Algorithm} {(int)d.DigestType} {Convert.ToHexString(d.Digest)}")).ToList();
        var matching = new List<int>();
        foreach (var key in keys.Where(k => k.IsSecureEntryPoint))
        {
            var data = DelegationSigner.DnsKeyData(key.Flags, key.Protocol, key.Algorithm, key.PublicKey);
            if (ds.Any(d => d.KeyTag == key.KeyTag && (int)d.Algorithm == key.Algorithm && (int)d.DigestType is 1 or 2 or 4
                            && d.Digest.AsSpan().SequenceEqual(DelegationSigner.Digest(zone, data, (int)d.DigestType))))
            {
                matching.Add(key.KeyTag);
            }
        }

        return new ParentDsCheck(true, texts, matching);
    }

    private async Task<DnsMessage> QueryAsync(DomainName name, RecordType type, CancellationToken cancellationToken)
    {
        var options = new DnsQueryOptions { IsEDnsEnabled = true, IsDnsSecOk = true, IsRecursionDesired = false };
        var answer = await Client(tcpOnly: false).ResolveAsync(name, type, RecordClass.INet, options, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DnsProviderException($"no answer from {_server} to {name} {TypeName(type)} (timed out or refused).") { Failure = DnsProviderFailure.Unreachable };
        }

        return answer;
    }

    /// <summary>The zone's records by AXFR, or null and the reason when the server refuses it.</summary>
    private async Task<(List<DnsRecordBase>? Records, string? Error)> TransferAsync(DomainName name, CancellationToken cancellationToken)
    {
        var query = new DnsMessage { IsQuery = true };
        query.Questions.Add(new DnsQuestion(name, RecordType.Axfr, RecordClass.INet));
        _key?.Sign(query, _timeProvider.GetUtcNow());
        var response = await Client(tcpOnly: true).SendMessageAsync(query, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, $"no answer from {_server} to the AXFR of {name} (timed out or refused)");
        }

        if (response.ReturnCode != ReturnCode.NoError || response.AnswerRecords.Count == 0)
        {
            return (null, $"{_server} refused the AXFR of {name} ({response.ReturnCode}); allow transfers to pguide (or give the provider a TSIG key the server allows) for signature health");
        }

        return ([.. response.AnswerRecords], null);
    }

    private ARSoft.Tools.Net.Dns.DnsClient Client(bool tcpOnly) => new(
        [_server.Address],
        tcpOnly ? [new SequentialTcpTransport(_server.Port)] : [new UdpClientTransport(_server.Port), new SequentialTcpTransport(_server.Port)],
        false,
        _timeoutMilliseconds);

    private static string TypeName(RecordType type) => Query.DnsRecordTypes.Name((ushort)type);
}
