namespace PacketGuide.Dns.Providers;

/// <summary>
/// The record operations of <c>pguide dns record</c> on top of any provider: set (replace an RRset; a no-op when the
/// server already matches), add and remove single values, delete an RRset. Each reads the zone first, so it can say what
/// changes and skip what would not.
/// </summary>
public sealed class DnsRecordEditor(IDnsProvider provider)
{
    /// <summary>TTL for a new RRset when none is given.</summary>
    public const int DefaultTtl = 3600;

    /// <summary>Makes NAME/TYPE exactly <paramref name="values"/> (with <paramref name="ttl"/>, else the current TTL, else 3600).</summary>
    public async Task<DnsEdit> SetAsync(string zone, string name, string type, IReadOnlyList<string> values, int? ttl, bool dryRun,
        CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(zone, name, type, cancellationToken).ConfigureAwait(false);
        var after = new DnsRecordSet(name, type, ttl ?? before?.Ttl ?? DefaultTtl, [.. values.Distinct(StringComparer.Ordinal)]);
        return await ApplyAsync(zone, before, after, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds values to NAME/TYPE (creating it); values already there are left as they are.</summary>
    public async Task<DnsEdit> AddAsync(string zone, string name, string type, IReadOnlyList<string> values, int? ttl, bool dryRun,
        CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(zone, name, type, cancellationToken).ConfigureAwait(false);
        var merged = (before?.Values ?? []).Concat(values).Distinct(StringComparer.Ordinal).ToList();
        var after = new DnsRecordSet(name, type, ttl ?? before?.Ttl ?? DefaultTtl, merged);
        return await ApplyAsync(zone, before, after, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes values from NAME/TYPE; the RRset goes when its last value does.</summary>
    public async Task<DnsEdit> RemoveAsync(string zone, string name, string type, IReadOnlyList<string> values, bool dryRun,
        CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(zone, name, type, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return new DnsEdit(null, null, Changed: false);
        }

        var left = before.Values.Where(v => !values.Contains(v, StringComparer.Ordinal)).ToList();
        var after = left.Count == 0 ? null : before with { Values = left };
        return await ApplyAsync(zone, before, after, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes NAME/TYPE.</summary>
    public async Task<DnsEdit> DeleteAsync(string zone, string name, string type, bool dryRun, CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(zone, name, type, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(zone, before, null, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The RRset NAME/TYPE of the zone, or null.</summary>
    public async Task<DnsRecordSet?> GetAsync(string zone, string name, string type, CancellationToken cancellationToken = default) =>
        (await provider.ListAsync(zone, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) && string.Equals(s.Type, type, StringComparison.OrdinalIgnoreCase));

    private async Task<DnsEdit> ApplyAsync(string zone, DnsRecordSet? before, DnsRecordSet? after, bool dryRun, CancellationToken cancellationToken)
    {
        var changed = (before, after) switch
        {
            (null, null) => false,
            ({ } b, { } a) => !b.SameAs(a),
            _ => true,
        };
        if (changed && !dryRun)
        {
            var change = after is null ? new DnsChange(DnsChangeKind.Delete, before!) : new DnsChange(DnsChangeKind.Replace, after);
            await provider.ApplyAsync(zone, [change], cancellationToken).ConfigureAwait(false);
        }

        return new DnsEdit(before, after, changed);
    }
}

/// <summary>What an edit found and made: the RRset before and after (null: absent), and whether anything changed.</summary>
public sealed record DnsEdit(DnsRecordSet? Before, DnsRecordSet? After, bool Changed);
