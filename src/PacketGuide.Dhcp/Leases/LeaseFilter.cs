using System.Net;

namespace PacketGuide.Dhcp.Leases;

/// <summary>Which leases <see cref="LeaseTracker.GetLeases"/> returns; every criterion given must match.</summary>
public sealed record LeaseFilter
{
    /// <summary>A subnet by prefix (<c>10.0.0.0/24</c>), Kea subnet id (<c>1</c>), shared-network name or event label.</summary>
    public string? Subnet { get; init; }

    public MacAddress? Mac { get; init; }

    /// <summary>Addresses inside this network (a single address is a /32 or /128).</summary>
    public IPNetwork? Network { get; init; }

    public TrackedLeaseState? State { get; init; }
}
