namespace PacketGuide.Dhcp.Leases;

/// <summary>What a <see cref="LeaseSlot"/> holds.</summary>
internal enum LeaseSlotState : byte
{
    /// <summary>The slot is on the free list.</summary>
    Free,

    /// <summary>The address's lease ended; kept so that a replayed older event (at-least-once delivery) is recognised as stale.</summary>
    Ended,

    Active,

    Declined,
}

/// <summary>
/// One address in the tracker's table: about 90 bytes, no per-lease objects besides the strings a log gave (host name,
/// client id), which is what keeps a million leases well under 300 MB.
/// </summary>
internal struct LeaseSlot
{
    public UInt128 Key;

    /// <summary>Unix seconds: lease start (cltt), expiry, and the time of the last event applied to the address.</summary>
    public long Start;

    public long Expires;

    public long LastChange;

    public ulong Mac;

    /// <summary>Index of the utilization bucket counted for it; -1 when not counted.</summary>
    public int Bucket;

    public LeaseSlotState State;

    public bool HasMac;

    /// <summary>DHCPv6 delegated prefix length; 0 for an address.</summary>
    public byte PrefixLength;

    public string? ClientId;

    public string? Hostname;

    public string? Server;

    public readonly bool Holds => State is LeaseSlotState.Active or LeaseSlotState.Declined;
}
