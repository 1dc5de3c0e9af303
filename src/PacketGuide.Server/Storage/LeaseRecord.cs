using System.Globalization;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Server.Storage;

/// <summary>A lease as the store keeps it and the API returns it.</summary>
public sealed record LeaseRecord
{
    public required string Address { get; init; }

    public int? PrefixLength { get; init; }

    /// <summary><c>active</c> or <c>declined</c>.</summary>
    public required string State { get; init; }

    public string? Mac { get; init; }

    public string? ClientId { get; init; }

    public string? Hostname { get; init; }

    public string? Server { get; init; }

    public required string Subnet { get; init; }

    public long? SubnetId { get; init; }

    public string? Pool { get; init; }

    public required DateTimeOffset Starts { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public static LeaseRecord From(TrackedLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseRecord
        {
            Address = lease.Address.ToString(),
            PrefixLength = lease.PrefixLength,
            State = lease.State == TrackedLeaseState.Declined ? "declined" : "active",
            Mac = lease.Mac?.ToString(),
            ClientId = lease.ClientId,
            Hostname = lease.Hostname,
            Server = lease.Server,
            Subnet = lease.Subnet,
            SubnetId = lease.SubnetId,
            Pool = lease.Pool,
            Starts = lease.Start,
            Expires = lease.Expires,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address} {State} {Mac} until {Expires:O}");
}
