namespace PacketGuide.Dhcp.Analysis;

/// <summary>The result of <c>pguide dhcp parse</c>: what was read, what happened, and what could not be read.</summary>
public sealed class DhcpLogSummary
{
    /// <summary>Lines (or lease-file records) read.</summary>
    public required long Lines { get; init; }

    /// <summary>Events counted (inside the time window).</summary>
    public required long Events { get; init; }

    /// <summary>Events outside <c>--since</c>/<c>--until</c>.</summary>
    public required long OutOfRange { get; init; }

    public required KindCounts ByKind { get; init; }

    /// <summary>Distinct clients (MAC, else DUID or client id).</summary>
    public required long Clients { get; init; }

    /// <summary>Unparsed lines by reason (wire name), every reason present.</summary>
    public required IReadOnlyDictionary<string, long> Unparsed { get; init; }

    public long UnparsedTotal => Unparsed.Values.Sum();

    public required IReadOnlyList<FileSummary> Files { get; init; }

    public required IReadOnlyList<GroupCounts> Servers { get; init; }

    public required IReadOnlyList<GroupCounts> Subnets { get; init; }

    public required IReadOnlyList<GroupCounts> Via { get; init; }

    /// <summary>Clients with the most NAKs and DECLINEs, most first (at most 10).</summary>
    public required IReadOnlyList<ClientTally> TopRefusedClients { get; init; }

    public required long AllocationFailureCount { get; init; }

    /// <summary>The first allocation failures (at most 100), in file order.</summary>
    public required IReadOnlyList<AllocationFailure> AllocationFailures { get; init; }

    public required IReadOnlyList<UnparsedExample> UnparsedExamples { get; init; }

    public DateTimeOffset? FirstEvent { get; init; }

    public DateTimeOffset? LastEvent { get; init; }

    /// <summary>Per-subnet address statistics from saved Kea API responses, when any were read.</summary>
    public IReadOnlyList<KeaSubnetStatistics> KeaSubnets { get; init; } = [];

    /// <summary>Server-wide Kea statistics (name to current value) from <c>statistic-get-all</c>, when read.</summary>
    public IReadOnlyDictionary<string, long> KeaStatistics { get; init; } = new Dictionary<string, long>();
}
