using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// What applying a zone spec would change on its provider, per RRset; the ownership markers it would write; what it
/// leaves alone and why; and a fingerprint of the live zone it was made from, so an apply can refuse a stale plan.
/// </summary>
public sealed record ZonePlan
{
    public required string Zone { get; init; }

    public required string Provider { get; init; }

    public required string SpecPath { get; init; }

    public required string Owner { get; init; }

    /// <summary>Record changes, deletes first (so a CNAME can replace other data in one request).</summary>
    public IReadOnlyList<ZonePlanChange> Changes { get; init; } = [];

    /// <summary>Changes to PacketGuide's ownership markers (see <see cref="OwnershipMarkers"/>).</summary>
    public IReadOnlyList<ZonePlanChange> MarkerChanges { get; init; } = [];

    /// <summary>Live RRsets not in the spec and not PacketGuide's: reported, never deleted.</summary>
    public IReadOnlyList<DnsRecordSet> Unmanaged { get; init; } = [];

    /// <summary>Live or declared RRsets left alone, with the reason (an ignore pattern, external-dns, another owner).</summary>
    public IReadOnlyList<(DnsRecordSet Set, string Reason)> LeftAlone { get; init; } = [];

    /// <summary>RRsets the zone holds (markers and DNSSEC records aside): the base of the safety percentages.</summary>
    public int LiveRecordSets { get; init; }

    /// <summary>SHA-256 of the live zone as read (every RRset, markers included).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Why an apply would refuse this plan without <c>--force</c> (empty: it would not).</summary>
    public IReadOnlyList<string> Refusals { get; init; } = [];

    /// <summary>The DNSSEC signing to converge to (null: the spec has no <c>dnssec:</c>, signing is left as it is).</summary>
    public ZonePlanDnssec? Dnssec { get; init; }

    public bool HasChanges => Changes.Count > 0 || MarkerChanges.Count > 0 || Dnssec is { Changed: true };

    public int Count(ZoneChangeAction action) => Changes.Count(c => c.Action == action);
}
