using System.Net;

namespace PacketGuide.Dhcp.Leases;

/// <summary>One lease (or declined address) as the tracker holds it; a snapshot, safe to keep.</summary>
public sealed record TrackedLease
{
    public required IPAddress Address { get; init; }

    /// <summary>Delegated prefix length for a DHCPv6 prefix delegation; null for an address.</summary>
    public int? PrefixLength { get; init; }

    public required TrackedLeaseState State { get; init; }

    public MacAddress? Mac { get; init; }

    /// <summary>DHCPv4 client identifier or DHCPv6 DUID, when known.</summary>
    public string? ClientId { get; init; }

    public string? Hostname { get; init; }

    /// <summary>The server that granted it.</summary>
    public string? Server { get; init; }

    /// <summary>The subnet it belongs to: the configured prefix when a configuration is known, else the label the log gave.</summary>
    public required string Subnet { get; init; }

    /// <summary>Kea's subnet id, when known.</summary>
    public long? SubnetId { get; init; }

    /// <summary>The pool's range (<c>first-last</c>), or null when the address lies outside every configured pool.</summary>
    public string? Pool { get; init; }

    /// <summary>When the lease was granted or last renewed (client last transaction time).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>When the lease ends; <see cref="DateTimeOffset.MaxValue"/> for an infinite lifetime.</summary>
    public required DateTimeOffset Expires { get; init; }
}
