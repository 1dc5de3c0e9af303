namespace PacketGuide.Dhcp.Leases;

/// <summary>What applying one event did to the tracker's state.</summary>
public enum LeaseChange : byte
{
    /// <summary>Nothing: the event carries no lease (DISCOVER, OFFER, INFORM), names no address, or is stale.</summary>
    None,

    /// <summary>A new lease (or a declined address) appeared.</summary>
    Added,

    /// <summary>An existing lease was renewed or its details changed.</summary>
    Renewed,

    /// <summary>A lease ended: released, expired or superseded by the same client's new address.</summary>
    Removed,
}
