namespace PacketGuide.Dns.Providers;

/// <summary>
/// The record operations of <c>pguide dns record</c> on top of any provider: set (replace an RRset; a no-op when the
/// server already matches), add and remove single values, delete an RRset. Each reads the zone first, so it can say what
/// changes and skip what would not. Add and remove send the RRset they read as a precondition: when another writer
/// changed it in between, they read again and redo the edit (atomic with RFC 2136, whose server checks the
/// prerequisite; PowerDNS's API has no conditional write, so there the check only narrows the window).
/// </summary>
public sealed class DnsRecordEditor(IDnsProvider provider, TimeProvider? timeProvider = null)
{
    /// <summary>TTL for a new RRset when none is given.</summary>
    public const int DefaultTtl = 3600;

    /// <summary>How many times an add or remove is tried when other writers keep changing the RRset first.</summary>
    public const int Attempts = 8;

    /// <summary>Makes NAME/TYPE exactly <paramref name="values"/> (with <paramref name="ttl"/>, else the current TTL, else 3600).</summary>
    public Task<DnsEdit> SetAsync(string zone, string name, string type, IReadOnlyList<string> values, int? ttl, bool dryRun,
        CancellationToken cancellationToken = default) =>
        EditAsync(zone, name, type, guarded: false, dryRun,
            before => new DnsRecordSet(name, type, ttl ?? before?.Ttl ?? DefaultTtl, [.. values.Distinct(StringComparer.Ordinal)]), cancellationToken);

    /// <summary>Adds values to NAME/TYPE (creating it); values already there are left as they are.</summary>
    public Task<DnsEdit> AddAsync(string zone, string name, string type, IReadOnlyList<string> values, int? ttl, bool dryRun,
        CancellationToken cancellationToken = default) =>
        EditAsync(zone, name, type, guarded: true, dryRun,
            before => new DnsRecordSet(name, type, ttl ?? before?.Ttl ?? DefaultTtl, [.. (before?.Values ?? []).Concat(values).Distinct(StringComparer.Ordinal)]),
            cancellationToken);

    /// <summary>Removes values from NAME/TYPE; the RRset goes when its last value does.</summary>
    public Task<DnsEdit> RemoveAsync(string zone, string name, string type, IReadOnlyList<string> values, bool dryRun,
        CancellationToken cancellationToken = default) =>
        EditAsync(zone, name, type, guarded: true, dryRun,
            before => before?.Values.Where(v => !values.Contains(v, StringComparer.Ordinal)).ToList() is { Count: > 0 } left ? before with { Values = left } : null,
            cancellationToken);

    /// <summary>Deletes NAME/TYPE.</summary>
    public Task<DnsEdit> DeleteAsync(string zone, string name, string type, bool dryRun, CancellationToken cancellationToken = default) =>
        EditAsync(zone, name, type, guarded: false, dryRun, _ => null, cancellationToken);

    /// <summary>The RRset NAME/TYPE of the zone, or null.</summary>
    public async Task<DnsRecordSet?> GetAsync(string zone, string name, string type, CancellationToken cancellationToken = default) =>
        Find(await provider.ListAsync(zone, cancellationToken).ConfigureAwait(false), name, type);

    private static DnsRecordSet? Find(IReadOnlyList<DnsRecordSet> sets, string name, string type) =>
        sets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) && string.Equals(s.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Keeps PTR records in step with an A/AAAA edit (the classic "A record script" feature): each address the edit added
    /// gets a PTR to the owner; each address it removed loses its PTR if that PTR points to the owner (a PTR some other
    /// name owns is left alone). Reverse zones must be among the provider's zones.
    /// </summary>
    /// <returns>The PTR edits made (or, with <paramref name="dryRun"/>, that would be made).</returns>
    public async Task<IReadOnlyList<DnsEdit>> SyncPtrAsync(DnsEdit edit, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var owner = (edit.After ?? edit.Before)?.Name;
        var type = (edit.After ?? edit.Before)?.Type;
        if (owner is null || type is not ("A" or "AAAA"))
        {
            return [];
        }

        var before = edit.Before?.Values ?? [];
        var after = edit.After?.Values ?? [];
        var edits = new List<DnsEdit>();
        var zones = await provider.ZonesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (address, add) in after.Except(before).Select(a => (a, true)).Concat(before.Except(after).Select(a => (a, false))))
        {
            var reverse = Query.ReverseName.For(System.Net.IPAddress.Parse(address));
            var zone = ZoneOf(zones, reverse)
                ?? throw new DnsProviderException($"--ptr: no reverse zone for {address} ({reverse}) among the provider's zones; add it, or leave out --ptr.");
            if (add)
            {
                edits.Add(await SetAsync(zone, reverse, "PTR", [owner], edit.After?.Ttl, dryRun, cancellationToken).ConfigureAwait(false));
            }
            else if ((await GetAsync(zone, reverse, "PTR", cancellationToken).ConfigureAwait(false)) is { } ptr
                     && ptr.Values.Contains(owner, StringComparer.OrdinalIgnoreCase))
            {
                edits.Add(await RemoveAsync(zone, reverse, "PTR", [.. ptr.Values.Where(v => string.Equals(v, owner, StringComparison.OrdinalIgnoreCase))], dryRun,
                    cancellationToken).ConfigureAwait(false));
            }
        }

        return edits;
    }

    /// <summary>The zone of <paramref name="name"/> among the provider's zones: the longest suffix, or null.</summary>
    public async Task<string?> ZoneOfAsync(string name, CancellationToken cancellationToken = default)
    {
        return ZoneOf(await provider.ZonesAsync(cancellationToken).ConfigureAwait(false), name);
    }

    /// <summary>The longest of <paramref name="zones"/> that holds <paramref name="name"/>, or null.</summary>
    internal static string? ZoneOf(IReadOnlyList<string> zones, string name)
    {
        var fqdn = name.EndsWith('.') ? name : name + ".";
        string? best = null;
        foreach (var zone in zones)
        {
            if (Query.QueryName.IsInZone(fqdn, zone) && zone.Length > (best?.Length ?? -1))
            {
                best = zone;
            }
        }

        return best;
    }

    /// <summary>
    /// Reads the zone, works out NAME/TYPE after the edit (null: absent), checks it and sends it when it differs. A
    /// <paramref name="guarded"/> edit depends on what it read, so it is sent on condition that the RRset is still that,
    /// and worked out again from a fresh read when another writer changed it first.
    /// </summary>
    private async Task<DnsEdit> EditAsync(string zone, string name, string type, bool guarded, bool dryRun, Func<DnsRecordSet?, DnsRecordSet?> edit,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sets = await provider.ListAsync(zone, cancellationToken).ConfigureAwait(false);
            var before = Find(sets, name, type);
            var after = edit(before);
            if (after is not null)
            {
                CheckCnameExclusivity(sets, after);
            }

            var changed = (before, after) switch
            {
                (null, null) => false,
                ({ } b, { } a) => !b.SameAs(a),
                _ => true,
            };
            if (!changed || dryRun)
            {
                return new DnsEdit(before, after, changed);
            }

            var change = after is null ? new DnsChange(DnsChangeKind.Delete, before!) : new DnsChange(DnsChangeKind.Replace, after);
            var options = guarded ? new DnsApplyOptions { Preconditions = [DnsPrecondition.Matching(name, type, before)] } : null;
            try
            {
                await provider.ApplyAsync(zone, [change], options, cancellationToken).ConfigureAwait(false);
                return new DnsEdit(before, after, changed);
            }
            catch (DnsProviderException ex) when (ex.Failure == DnsProviderFailure.PreconditionFailed && attempt < Attempts)
            {
                // Another writer changed NAME/TYPE between the read and the write: read again, after a short random pause
                // so that writers that keep colliding spread out.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 << attempt)), timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>RFC 1034 3.6.2: a name with a CNAME has no other data (DNSSEC records aside).</summary>
    private static void CheckCnameExclusivity(IReadOnlyList<DnsRecordSet> sets, DnsRecordSet after)
    {
        var others = sets
            .Where(s => string.Equals(s.Name, after.Name, StringComparison.OrdinalIgnoreCase) && !string.Equals(s.Type, after.Type, StringComparison.OrdinalIgnoreCase)
                && s.Type is not ("RRSIG" or "NSEC" or "NSEC3"))
            .ToList();
        var isCname = string.Equals(after.Type, "CNAME", StringComparison.OrdinalIgnoreCase);
        if (isCname && others.Count > 0)
        {
            throw new DnsProviderException($"{after.Name} already has {string.Join(", ", others.Select(o => o.Type))}; a CNAME must be the only record at its name (RFC 1034). Delete those first.");
        }

        if (!isCname && others.Any(o => o.Type == "CNAME"))
        {
            throw new DnsProviderException($"{after.Name} is a CNAME; it cannot also have {after.Type} records (RFC 1034). Delete the CNAME first.");
        }

        if (isCname && after.Values.Count > 1)
        {
            throw new DnsProviderException($"{after.Name}: a CNAME has exactly one target, not {after.Values.Count}.");
        }
    }
}

/// <summary>What an edit found and made: the RRset before and after (null: absent), and whether anything changed.</summary>
public sealed record DnsEdit(DnsRecordSet? Before, DnsRecordSet? After, bool Changed);
