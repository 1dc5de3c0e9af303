using System.Net;
using System.Numerics;
using System.Text.Json;

namespace PacketGuide.Dhcp.Kea;

/// <summary><c>status-get</c>: the server's pid, uptime, seconds since the last (re)configuration and socket state.</summary>
/// <param name="Arguments">The whole <c>arguments</c> object (detached copy).</param>
public sealed record KeaStatus(long? Pid, long? UptimeSeconds, long? ReloadSeconds, string? SocketsStatus, bool? MultiThreadingEnabled,
    JsonElement Arguments);

/// <summary>
/// One statistic of <c>statistic-get-all</c>: its newest sample. Kea statistics are integers (<see cref="Count"/>: counters, address
/// counts, which for IPv6 can exceed 64 bits), floats (<see cref="Real"/>), durations or strings; <see cref="Raw"/> keeps the sample as sent.
/// </summary>
public sealed record KeaStatistic(string Name, BigInteger? Count, double? Real, string? Text, string? Timestamp, string Raw)
{
    /// <summary>The integer value when it fits a long, else null.</summary>
    public long? Value => Count is { } i && i >= long.MinValue && i <= long.MaxValue ? (long)i : null;
}

/// <summary><c>statistic-get-all</c>, by name (e.g. <c>pkt4-received</c>, <c>subnet[1].assigned-addresses</c>).</summary>
public sealed class KeaStatistics(IReadOnlyDictionary<string, KeaStatistic> byName)
{
    public IReadOnlyDictionary<string, KeaStatistic> ByName { get; } = byName;

    /// <summary>The integer value of <paramref name="name"/>, or null when absent or not an integer.</summary>
    public BigInteger? CountOf(string name) => ByName.TryGetValue(name, out var s) ? s.Count : null;
}

/// <summary>
/// One row of <c>stat-lease4-get</c> / <c>stat-lease6-get</c>. For DHCPv6 the address columns are the IA_NA ones
/// (<c>total-nas</c>, ...) and the prefix columns are filled. Counts are <see cref="BigInteger"/>: an IPv6 pool of a /64
/// holds 2^64 addresses.
/// </summary>
public sealed record KeaSubnetLeaseStats(long SubnetId, BigInteger TotalAddresses, BigInteger AssignedAddresses, BigInteger DeclinedAddresses,
    BigInteger? CumulativeAssignedAddresses, BigInteger? TotalPrefixes, BigInteger? AssignedPrefixes)
{
    /// <summary>Assigned / total, 0 when the subnet has no addresses.</summary>
    public double Utilization => TotalAddresses.IsZero ? 0 : (double)AssignedAddresses / (double)TotalAddresses;
}

/// <summary>A lease from <c>lease4-get-all</c> / <c>lease6-get-all</c>. The DHCPv6-only fields are null for DHCPv4 and vice versa.</summary>
public sealed record KeaLease
{
    public required IPAddress Address { get; init; }

    public required long SubnetId { get; init; }

    /// <summary>Seconds; 0 for a released lease kept in the database.</summary>
    public required long ValidLifetime { get; init; }

    /// <summary>Client last transmission time (unix seconds).</summary>
    public required long Cltt { get; init; }

    /// <summary>0 default (assigned), 1 declined, 2 expired-reclaimed (Kea's lease states).</summary>
    public int State { get; init; }

    public string? HwAddress { get; init; }

    public string? ClientId { get; init; }

    public string? Hostname { get; init; }

    public bool FqdnForward { get; init; }

    public bool FqdnReverse { get; init; }

    public string? Duid { get; init; }

    public long? Iaid { get; init; }

    /// <summary>IA_NA or IA_PD (DHCPv6).</summary>
    public string? Type { get; init; }

    public int? PrefixLength { get; init; }

    public long? PreferredLifetime { get; init; }

    /// <summary><see cref="Cltt"/> + <see cref="ValidLifetime"/>.</summary>
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(Cltt + ValidLifetime, 0, 253402300799));
}

/// <summary>
/// The leases of one <c>lease4-get-all</c>/<c>lease6-get-all</c>. Result 3 ("0 leases found") is an empty list, not an
/// error. Entries Kea sent that are not leases (missing address or subnet) are counted in <see cref="Malformed"/>.
/// </summary>
/// <param name="Arguments">Kea's <c>arguments</c> (<c>{"leases": [...]}</c>) as sent, detached; Undefined when Kea sent none.</param>
public sealed record KeaLeaseList(IReadOnlyList<KeaLease> Leases, int Malformed, string? FirstMalformed, JsonElement Arguments);

/// <summary>A subnet from <c>config-get</c>, with its pools (<c>"10.0.0.10 - 10.0.0.99"</c> or <c>10.0.0.0/26</c>) and PD pools.</summary>
public sealed record KeaConfiguredSubnet(long Id, string Prefix, IReadOnlyList<string> Pools, string? SharedNetwork);

/// <summary>
/// <c>config-get</c>: the running configuration. <see cref="Arguments"/> is Kea's <c>arguments</c>
/// (<c>{"Dhcp4": {...}, "hash": "..."}</c>) for code that models it further; this object owns the document.
/// </summary>
public sealed class KeaConfig : IDisposable
{
    private readonly KeaResponse _response;

    internal KeaConfig(KeaResponse response, KeaService service)
    {
        _response = response;
        var name = service == KeaService.Dhcp6 ? "Dhcp6" : "Dhcp4";
        Server = Arguments.ValueKind == JsonValueKind.Object && Arguments.TryGetProperty(name, out var server) ? server : default;
        Subnets = KeaResultParser.Subnets(Server, service);
    }

    /// <summary>Kea's <c>arguments</c> object. Valid until disposal (use <see cref="JsonElement.Clone"/> to keep it longer).</summary>
    public JsonElement Arguments => _response.Arguments;

    /// <summary>The <c>Dhcp4</c> or <c>Dhcp6</c> object; Undefined if absent.</summary>
    public JsonElement Server { get; }

    /// <summary>Subnets at the top level and inside shared networks.</summary>
    public IReadOnlyList<KeaConfiguredSubnet> Subnets { get; }

    public void Dispose() => _response.Dispose();
}
