using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// A zone as declared in <c>zones/&lt;zone&gt;.yaml</c>: its RRsets (names absolute, values in the form providers store),
/// and how PacketGuide may change it (provider, owner id for its markers, ignored names, safety thresholds, DNSSEC).
/// </summary>
public sealed record ZoneSpec
{
    /// <summary>The zone, absolute and lower case (<c>example.com.</c>).</summary>
    public required string Zone { get; init; }

    /// <summary>The file it was read from, for messages.</summary>
    public required string Path { get; init; }

    /// <summary>TTL of records that give none.</summary>
    public int DefaultTtl { get; init; } = DnsRecordEditor.DefaultTtl;

    /// <summary>The provider of pguide.yaml that serves the zone; null: the command's <c>--provider</c> or the only one.</summary>
    public string? Provider { get; init; }

    /// <summary>Written into PacketGuide's ownership markers; two specs with different owners never delete each other's records.</summary>
    public string Owner { get; init; } = OwnershipMarkers.DefaultOwner;

    /// <summary>Name patterns (<c>*</c> for any run of characters, absolute) whose records PacketGuide never touches.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    public ZoneSafety Safety { get; init; } = new();

    /// <summary>The DNSSEC state to converge to; null: left as it is.</summary>
    public ZoneDnssec? Dnssec { get; init; }

    /// <summary>The declared RRsets, each with the line of its first record.</summary>
    public IReadOnlyList<DeclaredRecordSet> RecordSets { get; init; } = [];
}

/// <summary>An RRset of a zone spec and the line that declares it.</summary>
public sealed record DeclaredRecordSet(DnsRecordSet Set, int Line);

/// <summary>
/// Limits an apply keeps to without <c>--force</c>: the share of the zone's RRsets it may update and delete, checked only
/// for zones with at least <see cref="MinimumRecordSets"/> RRsets.
/// </summary>
public sealed record ZoneSafety(int MaxUpdatePercent = 30, int MaxDeletePercent = 30, int MinimumRecordSets = 10);

/// <summary>The <c>dnssec:</c> block of a zone spec.</summary>
public sealed record ZoneDnssec(bool Enabled, int Algorithm = 13, bool SplitKeys = false, bool Nsec3 = false, int Nsec3Iterations = 0,
    string Nsec3Salt = "", bool Nsec3OptOut = false);
