namespace PacketGuide.Dhcp.Leases;

/// <summary>How a <see cref="LeaseTracker"/> fills in what events leave out.</summary>
public sealed record LeaseTrackerOptions
{
    /// <summary>
    /// Lifetime for a lease whose event carries none (dhcpd's DHCPACK lines never do) and whose subnet has no configured
    /// lifetime (<c>default-lease-time</c>, <c>valid-lifetime</c>). 43,200 s is dhcpd's built-in default; Kea always logs
    /// the lifetime it granted.
    /// </summary>
    public long DefaultLeaseSeconds { get; init; } = 43_200;

    /// <summary>How long a declined address stays unusable: Kea's <c>decline-probation-period</c> default, 86,400 s.</summary>
    public long DeclineProbationSeconds { get; init; } = 86_400;
}
