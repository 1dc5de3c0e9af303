namespace PacketGuide.Dns.Validation;

/// <summary>The policy <c>pguide dns validate</c> checks against; the defaults follow RFC 1912 and common practice.</summary>
public sealed record ValidationOptions
{
    /// <summary>TTLs below this are a warning (ttl-bounds).</summary>
    public int MinTtl { get; init; } = 60;

    /// <summary>TTLs above this are a warning (ttl-bounds): one week.</summary>
    public int MaxTtl { get; init; } = 604_800;

    /// <summary>The zone is public: private and reserved addresses in it are errors (private-address).</summary>
    public bool PublicZone { get; init; }

    /// <summary>Signatures expiring within this many days are a warning (rrsig-validity).</summary>
    public double RrsigWarnDays { get; init; } = 7;

    /// <summary>A server slower than this (median, ms) is a warning (latency).</summary>
    public double SlowMs { get; init; } = 500;

    /// <summary>Check ids not to run.</summary>
    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>();
}
