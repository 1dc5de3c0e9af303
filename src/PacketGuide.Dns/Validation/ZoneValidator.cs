using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PacketGuide.Dns.Dnssec;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// Validates one zone against its authoritative servers: reachability and latency (UDP and TCP, authoritative answers),
/// SOA serial and NS agreement, declared RRsets served alike everywhere, the zone's content (read by AXFR) for CNAME
/// chains, MX/SRV/NS targets, reverse records, policy (TTLs, SOA timers, private addresses) and DNSSEC (keys,
/// signatures, the parent's DS when local, algorithms). Each check adds findings with its stable id; a check that could
/// not run (no AXFR, no spec) is left out of <see cref="ZoneValidation.ChecksRun"/>.
/// </summary>
public sealed class ZoneValidator(IValidationResolver resolver, TimeProvider timeProvider, TimeSpan timeout)
{
    private const ushort A = 1, Ns = 2, Cname = 5, Soa = 6, Ptr = 12, Mx = 15, Aaaa = 28;

    public async Task<ZoneValidation> ValidateAsync(ZoneValidationTarget target, ValidationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var zone = target.Zone;
        var findings = new List<ValidationFinding>();
        var run = new List<ValidationCheck>();
        void Add(ValidationCheck check, ValidationSeverity severity, string? server, string subject, string message) =>
            findings.Add(new ValidationFinding(check.Id, severity, zone, server, subject, message));
        bool Runs(ValidationCheck check)
        {
            if (options.Skip.Contains(check.Id))
            {
                return false;
            }

            if (!run.Contains(check))
            {
                run.Add(check);
            }

            return true;
        }

        // Servers: SOA over UDP and TCP, NS over UDP.
        var soa = new Dictionary<DnsServer, DnsExchange>();
        var ns = new Dictionary<DnsServer, DnsExchange>();
        var latency = new Dictionary<string, double>();
        var checkReachable = Runs(ValidationChecks.Reachable);
        foreach (var server in target.Servers)
        {
            var udp = await resolver.AskAsync(server, [(zone, Soa), (zone, Ns)], tcp: false, dnssec: false, cancellationToken).ConfigureAwait(false);
            var tcp = await resolver.AskAsync(server, [(zone, Soa)], tcp: true, dnssec: false, cancellationToken).ConfigureAwait(false);
            soa[server] = udp[0];
            ns[server] = udp[1];
            var answered = udp.Concat(tcp).Where(e => e.Answered).ToList();
            if (answered.Count > 0)
            {
                latency[server.ToString()] = Median(answered.Select(e => e.Elapsed.TotalMilliseconds));
            }

            if (!checkReachable)
            {
                continue;
            }

            foreach (var (exchange, transport) in new[] { (udp[0], "UDP"), (tcp[0], "TCP") })
            {
                if (!exchange.Answered)
                {
                    Add(ValidationChecks.Reachable, ValidationSeverity.Error, server.ToString(), zone, $"no answer over {transport}: {exchange.Error}");
                }
                else if (!exchange.Flags.Authoritative || exchange.ResponseCode != "NOERROR" || !exchange.Answers.Any(r => r.Type == "SOA"))
                {
                    Add(ValidationChecks.Reachable, ValidationSeverity.Error, server.ToString(), zone,
                        $"lame over {transport}: answered {exchange.ResponseCode}{(exchange.Flags.Authoritative ? "" : " without the AA flag")} for the zone's SOA; it is not authoritative for {zone}");
                }
            }
        }

        var authoritative = target.Servers.Where(s => soa[s] is { Answered: true, Flags.Authoritative: true } e && e.Answers.Any(r => r.Type == "SOA")).ToList();
        if (Runs(ValidationChecks.Latency))
        {
            foreach (var (server, ms) in latency.Where(l => l.Value > options.SlowMs))
            {
                Add(ValidationChecks.Latency, ValidationSeverity.Warning, server, zone,
                    string.Create(CultureInfo.InvariantCulture, $"median answer time {ms:0} ms, above {options.SlowMs:0} ms"));
            }
        }

        var serialLag = new Dictionary<string, long>();
        var serials = authoritative.ToDictionary(s => s, s => Serial(soa[s]));
        if (authoritative.Count > 0 && Runs(ValidationChecks.SoaSerial))
        {
            var newest = serials.Values.Max();
            foreach (var (server, serial) in serials)
            {
                serialLag[server.ToString()] = SerialLag(newest, serial);
                if (serial != newest)
                {
                    Add(ValidationChecks.SoaSerial, ValidationSeverity.Error, server.ToString(), $"{zone} SOA",
                        string.Create(CultureInfo.InvariantCulture, $"serial {serial} is {SerialLag(newest, serial)} step(s) behind {newest}: the server missed a transfer (check NOTIFY/allow-transfer, or its log)"));
                }
            }
        }

        if (authoritative.Count > 1 && Runs(ValidationChecks.NsConsistent))
        {
            var sets = authoritative.ToDictionary(s => s, s => NsSet(ns[s]));
            var reference = sets[authoritative[0]];
            foreach (var server in authoritative.Skip(1).Where(s => !sets[s].SetEquals(reference)))
            {
                Add(ValidationChecks.NsConsistent, ValidationSeverity.Error, server.ToString(), $"{zone} NS",
                    $"NS set {{{string.Join(", ", sets[server].Order(StringComparer.Ordinal))}}} differs from {authoritative[0]}'s {{{string.Join(", ", reference.Order(StringComparer.Ordinal))}}}");
            }
        }

        if (authoritative.Count > 0 && target.ParentServers is { Count: > 0 } parents)
        {
            await DelegationAsync(zone, NsSet(ns[authoritative[0]]), authoritative[0], parents, Runs, Add, cancellationToken).ConfigureAwait(false);
        }

        // The zone's content, by AXFR from the first authoritative server, read while the declared RRsets are asked.
        var transfer = authoritative.Count > 0 ? TransferAsync(zone, authoritative[0], target.TransferKey, cancellationToken) : Task.FromResult<TransferResult>(new(null, null));
        // Each declared RRset's values as the comparison sees them, once: declared-served and duplicate-record both use them.
        var declaredKeys = target.Declared?.Select(d => d.Values.Select(v => RecordValues.Key(d.Type, v)).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        if (target.Declared is { } declared && declaredKeys is not null && authoritative.Count > 0)
        {
            await DeclaredServedAsync(declared, declaredKeys, authoritative, Runs, Add, cancellationToken).ConfigureAwait(false);
        }

        var (content, transferError) = await transfer.ConfigureAwait(false);
        if (transferError is not null)
        {
            findings.Add(new ValidationFinding("content", ValidationSeverity.Info, zone, authoritative[0].ToString(), zone,
                $"the zone could not be transferred ({transferError}); content checks ran on the declared records only"));
        }

        if (target.Declared is { } declaredSets && declaredKeys is not null && authoritative.Count > 0)
        {
            DeclaredContent(zone, declaredSets, declaredKeys, content, Runs, Add);
        }

        var records = content ?? target.Declared;
        if (records is not null)
        {
            // The reverse lookups fly while the content checks run on this thread; their findings are added after these.
            var reverseFindings = new List<(ValidationCheck Check, ValidationSeverity Severity, string? Server, string Subject, string Message)>();
            var reverse = authoritative.Count > 0
                ? ReverseAsync(zone, records, authoritative[0], Runs, (check, severity, server, subject, message) => reverseFindings.Add((check, severity, server, subject, message)), cancellationToken)
                : Task.CompletedTask;
            Content(zone, records, options, Runs, Add);
            await reverse.ConfigureAwait(false);
            foreach (var (check, severity, server, subject, message) in reverseFindings)
            {
                Add(check, severity, server, subject, message);
            }
        }

        double? rrsigExpiry = null;
        if (authoritative.Count > 0)
        {
            rrsigExpiry = await DnssecAsync(target, authoritative[0], options, Runs, Add, cancellationToken).ConfigureAwait(false);
        }

        // Checks in the catalog's order, however the phases interleaved.
        run.Sort((a, b) => ValidationChecks.IndexOf(a).CompareTo(ValidationChecks.IndexOf(b)));
        return new ZoneValidation(zone, [.. target.Servers.Select(s => s.ToString())], run, findings)
        {
            RrsigExpirySeconds = rrsigExpiry,
            SerialLag = serialLag,
            Serials = serials.ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal),
            LatencyMs = latency,
        };
    }

    /// <summary>
    /// The delegation as each parent server gives it (a referral: NS in the authority section, glue in the additional):
    /// the same NS set as the zone's own (ns-consistent), and glue for in-zone name servers equal to the addresses the
    /// zone serves for them (glue).
    /// </summary>
    private async Task DelegationAsync(string zone, HashSet<string> zoneNs, DnsServer child, IReadOnlyList<DnsServer> parents, Func<ValidationCheck, bool> runs,
        Action<ValidationCheck, ValidationSeverity, string?, string, string> add, CancellationToken cancellationToken)
    {
        var checkNs = runs(ValidationChecks.NsConsistent);
        var checkGlue = runs(ValidationChecks.Glue);
        var inZone = zoneNs.Where(n => n.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        var served = await resolver.AskAsync(child, [.. inZone.SelectMany(n => new[] { (n, A), (n, Aaaa) })], tcp: false, dnssec: false, cancellationToken).ConfigureAwait(false);
        foreach (var parent in parents)
        {
            var referral = (await resolver.AskAsync(parent, [(zone, Ns)], tcp: false, dnssec: false, cancellationToken).ConfigureAwait(false))[0];
            if (!referral.Answered)
            {
                add(ValidationChecks.NsConsistent, ValidationSeverity.Error, parent.ToString(), $"{zone} NS", $"the parent server did not answer: {referral.Error}");
                continue;
            }

            var delegated = referral.Answers.Concat(referral.Authority).Where(r => r.Type == "NS" && r.Name.Equals(zone, StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Data.ToLowerInvariant()).ToHashSet();
            if (checkNs && !delegated.SetEquals(zoneNs))
            {
                add(ValidationChecks.NsConsistent, ValidationSeverity.Error, parent.ToString(), $"{zone} NS",
                    $"the parent delegates to {{{string.Join(", ", delegated.Order(StringComparer.Ordinal))}}} but the zone says {{{string.Join(", ", zoneNs.Order(StringComparer.Ordinal))}}}");
            }

            if (!checkGlue)
            {
                continue;
            }

            for (var i = 0; i < inZone.Count; i++)
            {
                var own = served[2 * i].Answers.Concat(served[(2 * i) + 1].Answers).Where(r => r.Type is "A" or "AAAA").Select(r => r.Data).ToHashSet();
                var glue = referral.Additional.Where(r => r.Type is "A" or "AAAA" && r.Name.Equals(inZone[i], StringComparison.OrdinalIgnoreCase)).Select(r => r.Data).ToHashSet();
                if (delegated.Contains(inZone[i]) && !glue.SetEquals(own))
                {
                    add(ValidationChecks.Glue, ValidationSeverity.Error, parent.ToString(), $"{inZone[i]} glue",
                        $"the parent's glue {{{string.Join(", ", glue.Order(StringComparer.Ordinal))}}} differs from the zone's addresses {{{string.Join(", ", own.Order(StringComparer.Ordinal))}}}");
                }
            }
        }
    }

    private async Task<TransferResult> TransferAsync(string zone, DnsServer server, TsigKey? key, CancellationToken cancellationToken)
    {
        try
        {
            return new(await new Rfc2136Provider("validate", server, [zone], key, timeout, timeProvider).ListAsync(zone, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DnsProviderException ex)
        {
            return new(null, ex.Message);
        }
    }

    private sealed record TransferResult(IReadOnlyList<DnsRecordSet>? Content, string? Error);

    /// <summary>
    /// declared-served: every declared RRset asked of every server, each answer compared as it comes (values as
    /// <see cref="RecordValues"/> compares them, then the TTL).
    /// </summary>
    private async Task DeclaredServedAsync(IReadOnlyList<DnsRecordSet> declared, string[][] wanted, List<DnsServer> servers, Func<ValidationCheck, bool> runs,
        Action<ValidationCheck, ValidationSeverity, string?, string, string> add, CancellationToken cancellationToken)
    {
        if (!runs(ValidationChecks.DeclaredServed))
        {
            return;
        }

        var questions = new List<(string Name, ushort Type)>(declared.Count);
        foreach (var set in declared)
        {
            questions.Add((set.Name, DnsRecordTypes.TryParse(set.Type, out var type) ? type : (ushort)0));
        }

        foreach (var server in servers)
        {
            // Answers come in any order; the findings are reported in the order of the spec.
            var found = new List<(int Index, ValidationSeverity Severity, string Message)>();
            await resolver.AskEachAsync(server, questions, dnssec: false, got =>
            {
                var want = declared[got.Index];
                if (!got.Answered)
                {
                    found.Add((got.Index, ValidationSeverity.Error, $"no answer: {got.Error}"));
                    return;
                }

                var served = ServedRecords.Of(got, questions[got.Index].Type, want.Type);
                if (served.Count == 0)
                {
                    found.Add((got.Index, ValidationSeverity.Error, $"declared but not served ({got.ResponseCodeName}{(got.ResponseCode == 0 ? ", no data" : "")}): apply the spec"));
                }
                else if (!SameValues(served, wanted[got.Index]))
                {
                    found.Add((got.Index, ValidationSeverity.Error, $"served {string.Join(" | ", served.Select(s => ServedRecords.Data(s.Record)))}, declared {string.Join(" | ", want.Values)}"));
                }
                else if (served[0].Record.TimeToLive != want.Ttl)
                {
                    found.Add((got.Index, ValidationSeverity.Warning, string.Create(CultureInfo.InvariantCulture, $"served with TTL {served[0].Record.TimeToLive}, declared {want.Ttl}")));
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (var (index, severity, message) in found.OrderBy(f => f.Index))
            {
                add(ValidationChecks.DeclaredServed, severity, server.ToString(), $"{declared[index].Name} {declared[index].Type}", message);
            }
        }
    }

    /// <summary>The same values, each once (the declared keys are distinct; a server sends each record once, but is not trusted to).</summary>
    private static bool SameValues(List<(ARSoft.Tools.Net.Dns.DnsRecordBase Record, string Key)> served, string[] wanted)
    {
        foreach (var (_, key) in served)
        {
            if (Array.IndexOf(wanted, key) < 0)
            {
                return false;
            }
        }

        foreach (var key in wanted)
        {
            if (!served.Exists(s => s.Key == key))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>duplicate-record and extra-served: what is declared twice, and what is served (by AXFR) but not declared.</summary>
    private static void DeclaredContent(string zone, IReadOnlyList<DnsRecordSet> declared, string[][] declaredKeys, IReadOnlyList<DnsRecordSet>? content,
        Func<ValidationCheck, bool> runs, Action<ValidationCheck, ValidationSeverity, string?, string, string> add)
    {
        if (runs(ValidationChecks.DuplicateRecord))
        {
            // A server keeps one copy of a record, so duplicates live in what is declared: two spellings of one value.
            foreach (var set in declared.Where((d, i) => declaredKeys[i].Length < d.Values.Count))
            {
                add(ValidationChecks.DuplicateRecord, ValidationSeverity.Warning, null, $"{set.Name} {set.Type}",
                    $"declares one value twice ({string.Join(" | ", set.Values)}); the server keeps one");
            }
        }

        if (content is not null && runs(ValidationChecks.ExtraServed))
        {
            var keys = declared.Select(d => (d.Name, d.Type)).ToHashSet(NameAndTypeComparer.Instance);
            foreach (var extra in content.Where(s => !keys.Contains((s.Name, s.Type)) && !OwnershipMarkers.IsMarkerName(s.Name)
                         && !(s.Type is "SOA" or "NS" && s.Name.Equals(zone, StringComparison.OrdinalIgnoreCase))))
            {
                add(ValidationChecks.ExtraServed, ValidationSeverity.Info, null, $"{extra.Name} {extra.Type}", "served but not declared");
            }
        }
    }

    /// <summary>The checks on the zone's content alone: CNAMEs, targets, TTLs, SOA timers, private addresses.</summary>
    private static void Content(string zone, IReadOnlyList<DnsRecordSet> records, ValidationOptions options, Func<ValidationCheck, bool> runs,
        Action<ValidationCheck, ValidationSeverity, string?, string, string> add)
    {
        var byName = records.ToLookup(r => r.Name, StringComparer.OrdinalIgnoreCase);
        bool Has(string name, string type) => byName[name].Any(s => s.Type == type);
        bool InZone(string name) => QueryName.IsInZone(name, zone);
        var cnames = records.Where(r => r.Type == "CNAME" && r.Values.Count > 0).ToDictionary(r => r.Name.ToLowerInvariant(), r => r.Values[0].ToLowerInvariant());

        if (runs(ValidationChecks.CnameExclusive))
        {
            foreach (var cname in records.Where(r => r.Type == "CNAME"))
            {
                var others = byName[cname.Name].Where(s => s.Type is not ("CNAME" or "RRSIG" or "NSEC" or "NSEC3")).Select(s => s.Type).ToList();
                if (cname.Name.Equals(zone, StringComparison.OrdinalIgnoreCase))
                {
                    add(ValidationChecks.CnameExclusive, ValidationSeverity.Error, null, $"{cname.Name} CNAME", "a CNAME at the zone apex (RFC 1034): the apex has SOA and NS");
                }
                else if (others.Count > 0)
                {
                    add(ValidationChecks.CnameExclusive, ValidationSeverity.Error, null, $"{cname.Name} CNAME", $"a CNAME beside other data ({string.Join(", ", others)}); RFC 1034 forbids it");
                }
            }
        }

        var checkLoop = runs(ValidationChecks.CnameLoop);
        var checkDangling = runs(ValidationChecks.CnameDangling);
        foreach (var (start, _) in cnames)
        {
            var seen = new List<string> { start };
            var current = start;
            while (cnames.TryGetValue(current, out var next))
            {
                if (seen.Contains(next))
                {
                    if (checkLoop && next == start)
                    {
                        add(ValidationChecks.CnameLoop, ValidationSeverity.Error, null, $"{start} CNAME", $"the CNAME chain loops: {string.Join(" -> ", seen)} -> {next}");
                    }

                    break;
                }

                seen.Add(next);
                current = next;
            }

            if (checkDangling && !cnames.ContainsKey(current) && InZone(current) && !byName[current].Any())
            {
                add(ValidationChecks.CnameDangling, ValidationSeverity.Error, null, $"{start} CNAME", $"the chain ends at {current}, which the zone does not have (NXDOMAIN)");
            }
        }

        var checkMissing = runs(ValidationChecks.TargetMissing);
        var checkTargetCname = runs(ValidationChecks.TargetCname);
        foreach (var set in records.Where(r => r.Type is "MX" or "SRV" or "NS"))
        {
            foreach (var target in set.Values.Select(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].ToLowerInvariant()).Where(t => t != "."))
            {
                if (checkTargetCname && Has(target, "CNAME"))
                {
                    add(ValidationChecks.TargetCname, ValidationSeverity.Error, null, $"{set.Name} {set.Type}", $"target {target} is a CNAME; {set.Type} targets must have addresses themselves (RFC 2181 10.3)");
                }
                else if (checkMissing && InZone(target) && !Has(target, "A") && !Has(target, "AAAA"))
                {
                    add(ValidationChecks.TargetMissing, ValidationSeverity.Error, null, $"{set.Name} {set.Type}", $"target {target} is in the zone but has no A or AAAA");
                }
            }
        }

        if (runs(ValidationChecks.TtlBounds))
        {
            foreach (var set in records.Where(r => r.Ttl < options.MinTtl || r.Ttl > options.MaxTtl))
            {
                add(ValidationChecks.TtlBounds, ValidationSeverity.Warning, null, $"{set.Name} {set.Type}",
                    string.Create(CultureInfo.InvariantCulture, $"TTL {set.Ttl} is outside {options.MinTtl}-{options.MaxTtl} s"));
            }
        }

        if (records.FirstOrDefault(r => r.Type == "SOA") is { Values.Count: > 0 } soa && runs(ValidationChecks.SoaTimers))
        {
            var fields = soa.Values[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 7 && fields[3..7].All(f => long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                var (refresh, retry, expire, minimum) = (long.Parse(fields[3], CultureInfo.InvariantCulture), long.Parse(fields[4], CultureInfo.InvariantCulture),
                    long.Parse(fields[5], CultureInfo.InvariantCulture), long.Parse(fields[6], CultureInfo.InvariantCulture));
                foreach (var (ok, text) in new[]
                         {
                             (refresh is >= 1200 and <= 86_400, $"refresh {refresh} s: RFC 1912 suggests 20 minutes to 12 hours (up to a day)"),
                             (retry < refresh && retry >= 120, $"retry {retry} s should be at least 2 minutes and below refresh ({refresh} s)"),
                             (expire is >= 604_800 and <= 2_419_200, $"expire {expire} s: RFC 1912 suggests 1 to 4 weeks"),
                             (minimum is >= 60 and <= 86_400, $"minimum (negative caching TTL) {minimum} s: 1 minute to 1 day is usual (RFC 2308)"),
                         })
                {
                    if (!ok)
                    {
                        add(ValidationChecks.SoaTimers, ValidationSeverity.Warning, null, $"{soa.Name} SOA", text);
                    }
                }
            }
        }

        if (options.PublicZone && runs(ValidationChecks.PrivateAddress))
        {
            foreach (var set in records.Where(r => r.Type is "A" or "AAAA"))
            {
                foreach (var value in set.Values.Where(v => IPAddress.TryParse(v, out var address) && IsPrivate(address)))
                {
                    add(ValidationChecks.PrivateAddress, ValidationSeverity.Error, null, $"{set.Name} {set.Type}", $"{value} is a private or reserved address in a public zone");
                }
            }
        }
    }

    /// <summary>ptr-missing and ptr-mismatch: asked of the zone's first server; skipped for addresses whose reverse zone it does not serve.</summary>
    private async Task ReverseAsync(string zone, IReadOnlyList<DnsRecordSet> records, DnsServer server, Func<ValidationCheck, bool> runs,
        Action<ValidationCheck, ValidationSeverity, string?, string, string> add, CancellationToken cancellationToken)
    {
        var addresses = records.Where(r => r.Type is "A" or "AAAA" && !r.Name.StartsWith("*.", StringComparison.Ordinal))
            .SelectMany(r => r.Values.Select(v => (r.Name, Address: v))).Where(p => IPAddress.TryParse(p.Address, out _)).ToList();
        var checkMissing = runs(ValidationChecks.PtrMissing);
        var checkMismatch = runs(ValidationChecks.PtrMismatch);
        if (addresses.Count > 0 && (checkMissing || checkMismatch))
        {
            var questions = addresses.Select(p => (ReverseName.For(IPAddress.Parse(p.Address)), Ptr)).ToList();
            // Answers come in any order; the findings are reported in the order of the zone's records.
            var found = new List<(int Index, ValidationCheck Check, string Message)>();
            await resolver.AskEachAsync(server, questions, dnssec: false, answer =>
            {
                var (owner, address) = addresses[answer.Index];
                if (!answer.Answered || !answer.Authoritative)
                {
                    return; // the reverse zone is not this server's: nothing to say
                }

                var ptrs = ServedRecords.Of(answer, Ptr, "PTR");
                if (ptrs.Count == 0)
                {
                    if (checkMissing)
                    {
                        found.Add((answer.Index, ValidationChecks.PtrMissing, $"no PTR for {address} ({answer.ResponseCodeName}); add one pointing to {owner}"));
                    }
                }
                else if (checkMismatch && !ptrs.Exists(p => p.Key.Equals(owner, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add((answer.Index, ValidationChecks.PtrMismatch, $"the PTR of {address} points to {string.Join(", ", ptrs.Select(p => p.Key))}, not {owner}"));
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (var (index, check, message) in found.OrderBy(f => f.Index))
            {
                add(check, ValidationSeverity.Warning, server.ToString(), $"{addresses[index].Name} {addresses[index].Address}", message);
            }
        }

        // PTRs of a reverse zone: their targets must resolve back when the target is in a zone this server serves.
        var ptrSets = records.Where(r => r.Type == "PTR").ToList();
        if (ptrSets.Count > 0 && checkMismatch && zone.EndsWith(".arpa.", StringComparison.OrdinalIgnoreCase))
        {
            var questions = ptrSets.SelectMany(p => p.Values.Select(v => (p.Name, Target: v))).ToList();
            var forward = await resolver.AskAsync(server, [.. questions.SelectMany(q => new[] { (q.Target, A), (q.Target, Aaaa) })], tcp: false, dnssec: false, cancellationToken)
                .ConfigureAwait(false);
            for (var i = 0; i < questions.Count; i++)
            {
                var (a, aaaa) = (forward[2 * i], forward[(2 * i) + 1]);
                if (!a.Flags.Authoritative && !aaaa.Flags.Authoritative)
                {
                    continue;
                }

                var addressesBack = a.Answers.Concat(aaaa.Answers).Where(r => r.Type is "A" or "AAAA").Select(r => ReverseName.For(IPAddress.Parse(r.Data))).ToList();
                if (!addressesBack.Contains(questions[i].Name, StringComparer.OrdinalIgnoreCase))
                {
                    add(ValidationChecks.PtrMismatch, ValidationSeverity.Warning, server.ToString(), $"{questions[i].Name} PTR",
                        $"{questions[i].Target} does not resolve back to this address ({(addressesBack.Count == 0 ? "no A/AAAA" : string.Join(", ", a.Answers.Concat(aaaa.Answers).Select(r => r.Data)))})");
                }
            }
        }
    }

    /// <summary>The DNSSEC checks from what the first server serves; returns seconds until the first signature expires.</summary>
    private async Task<double?> DnssecAsync(ZoneValidationTarget target, DnsServer server, ValidationOptions options, Func<ValidationCheck, bool> runs,
        Action<ValidationCheck, ValidationSeverity, string?, string, string> add, CancellationToken cancellationToken)
    {
        ServedDnssec served;
        try
        {
            served = await new ServedDnssecReader(server, target.TransferKey, timeout, timeProvider).ReadAsync(target.Zone, transferUnsigned: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsProviderException)
        {
            return null;
        }

        var zone = target.Zone;
        var signed = served.Keys.Count > 0;
        var expected = target.ExpectSigned ?? (signed || served.Parent.Ds.Count > 0);
        if (runs(ValidationChecks.DnskeyPresent) && expected && !signed)
        {
            add(ValidationChecks.DnskeyPresent, ValidationSeverity.Error, server.ToString(), $"{zone} DNSKEY",
                served.Parent.Ds.Count > 0 ? "the parent has a DS but the zone serves no DNSKEY: validators see it as bogus" : "the zone should be signed but serves no DNSKEY");
        }

        if (!signed)
        {
            return null;
        }

        if (served.Health is { } health)
        {
            if (runs(ValidationChecks.RrsetSigned))
            {
                foreach (var rrset in health.UnsignedRrsets)
                {
                    add(ValidationChecks.RrsetSigned, ValidationSeverity.Error, server.ToString(), rrset, "no RRSIG over this RRset");
                }

                foreach (var tag in health.SepKeysNotSigningKeys)
                {
                    add(ValidationChecks.RrsetSigned, ValidationSeverity.Error, server.ToString(), $"{zone} DNSKEY", $"key signing key {tag} does not sign the DNSKEY RRset");
                }
            }

            if (runs(ValidationChecks.RrsigValidity))
            {
                foreach (var invalid in health.InvalidNow)
                {
                    add(ValidationChecks.RrsigValidity, ValidationSeverity.Error, server.ToString(), invalid, "the signature is expired or not yet valid");
                }

                if (health.EarliestExpiry is { } first && health.DaysUntilEarliestExpiry is { } days and >= 0 && days < options.RrsigWarnDays)
                {
                    add(ValidationChecks.RrsigValidity, ValidationSeverity.Warning, server.ToString(), $"{first.Owner} {first.TypeCovered}",
                        string.Create(CultureInfo.InvariantCulture, $"the signature expires in {days:0.0} days (warning from {options.RrsigWarnDays} days): is the signer running?"));
                }
            }
        }

        if (runs(ValidationChecks.DsMatch) && served.Parent.Mismatch)
        {
            add(ValidationChecks.DsMatch, ValidationSeverity.Error, server.ToString(), $"{zone} DS",
                $"the parent's DS ({string.Join("; ", served.Parent.Ds)}) matches no key signing key: validators see the zone as bogus");
        }

        if (runs(ValidationChecks.Denial))
        {
            var random = $"pguide-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}.{zone}";
            var answer = (await resolver.AskAsync(server, [(random, A)], tcp: false, dnssec: true, cancellationToken).ConfigureAwait(false))[0];
            if (answer.Answered && answer.ResponseCode == "NXDOMAIN" && DenialProof.Check(answer, random, timeProvider.GetUtcNow()) is { } problem)
            {
                add(ValidationChecks.Denial, ValidationSeverity.Error, server.ToString(), random, problem);
            }
        }

        if (runs(ValidationChecks.Algorithm))
        {
            foreach (var key in served.Keys.GroupBy(k => k.Algorithm).Select(g => g.First()))
            {
                var (severity, text) = key.Algorithm switch
                {
                    8 or 13 or 14 or 15 or 16 => ((ValidationSeverity?)null, ""),
                    10 => (ValidationSeverity.Warning, "RSASHA512 is allowed but not recommended (RFC 8624); use 13 (ECDSAP256SHA256)"),
                    5 or 7 => (ValidationSeverity.Warning, "RSASHA1 is deprecated for signing (RFC 8624); roll to 13 (ECDSAP256SHA256)"),
                    _ => (ValidationSeverity.Error, "this algorithm must not be used for signing (RFC 8624); roll to 13 (ECDSAP256SHA256)"),
                };
                if (severity is { } level)
                {
                    add(ValidationChecks.Algorithm, level, server.ToString(), $"{zone} DNSKEY", string.Create(CultureInfo.InvariantCulture, $"algorithm {key.Algorithm}: {text}"));
                }
            }
        }

        return served.Health?.DaysUntilEarliestExpiry * 86_400;
    }

    private static long Serial(DnsExchange exchange) =>
        exchange.Answers.FirstOrDefault(r => r.Type == "SOA")?.Data.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 3 } fields
        && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var serial) ? serial : 0;

    /// <summary>Serial steps from <paramref name="serial"/> up to <paramref name="newest"/> in RFC 1982 arithmetic.</summary>
    private static long SerialLag(long newest, long serial) => (newest - serial + (1L << 32)) % (1L << 32);

    private static HashSet<string> NsSet(DnsExchange exchange) =>
        [.. exchange.Answers.Where(r => r.Type == "NS").Select(r => r.Data.ToLowerInvariant())];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || IPAddress.IsLoopback(address) || address.IsIPv6Multicast;
    }

    /// <summary>RRsets by owner (without case, as DNS compares names) and type.</summary>
    private sealed class NameAndTypeComparer : IEqualityComparer<(string Name, string Type)>
    {
        public static readonly NameAndTypeComparer Instance = new();

        public bool Equals((string Name, string Type) x, (string Name, string Type) y) =>
            string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Type, y.Type, StringComparison.Ordinal);

        public int GetHashCode((string Name, string Type) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Name), StringComparer.Ordinal.GetHashCode(key.Type));
    }
}
