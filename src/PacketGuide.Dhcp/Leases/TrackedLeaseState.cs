namespace PacketGuide.Dhcp.Leases;

/// <summary>The state of an address the tracker holds.</summary>
public enum TrackedLeaseState : byte
{
    /// <summary>Leased to a client until it expires.</summary>
    Active,

    /// <summary>A client declined it (address conflict); unusable for the probation period. Counted as assigned, like Kea does.</summary>
    Declined,
}
