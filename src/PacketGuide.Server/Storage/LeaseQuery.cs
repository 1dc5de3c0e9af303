using System.Net;

namespace PacketGuide.Server.Storage;

/// <summary>Which leases to list: every filter is optional; pages walk addresses in numeric order.</summary>
public sealed record LeaseQuery
{
    public string? Subnet { get; init; }

    public string? Mac { get; init; }

    /// <summary>One address (a /32 or /128) or a network.</summary>
    public IPNetwork? Network { get; init; }

    public string? Hostname { get; init; }

    /// <summary><c>active</c> or <c>declined</c>.</summary>
    public string? State { get; init; }

    /// <summary>The cursor: leases after this address key.</summary>
    public byte[]? After { get; init; }

    public int Limit { get; init; } = 100;
}
