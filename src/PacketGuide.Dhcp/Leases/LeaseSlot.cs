namespace PacketGuide.Dhcp.Leases;

/// <summary>What a <see cref="LeaseSlot"/> holds.</summary>
internal enum LeaseSlotState : byte
{
    /// <summary>The slot is free (never used, or its address was forgotten).</summary>
    Free,

    /// <summary>The address's lease ended; kept so that a replayed older event (at-least-once delivery) is recognised as stale.</summary>
    Ended,

    Active,

    Declined,
}

/// <summary>
/// One address in the tracker's table: 64 bytes and no object of its own; strings only when a log gave a host name or a
/// client id that is not the usual <c>01:</c> + MAC. Times are unix seconds in 32 bits (until 2106);
/// <see cref="Never"/> is an infinite lifetime. This is what keeps a million leases far under 300 MB.
/// </summary>
internal struct LeaseSlot
{
    /// <summary>An expiry that never comes (Kea's infinite lifetime 0xffffffff).</summary>
    public const uint Never = uint.MaxValue;

    private const byte StateMask = 0b11;
    private const byte HasMacBit = 0b100;
    private const byte ClientIdIsMacBit = 0b1000;

    /// <summary>The address: IPv6 as is, IPv4 as IPv4-mapped (::ffff:a.b.c.d).</summary>
    public UInt128Parts Key;

    public ulong Mac;

    /// <summary>Lease start (client last transaction time).</summary>
    public uint Start;

    public uint Expires;

    /// <summary>Time of the last event applied to the address; older events are stale.</summary>
    public uint LastChange;

    /// <summary>The expiry this slot's entry in the expiry queue carries; 0 when it has none.</summary>
    public uint QueuedExpiry;

    /// <summary>Index of the utilization bucket the lease counts in.</summary>
    public int Bucket;

    /// <summary>Index + 1 of the server name in the tracker's name table; 0 when unknown.</summary>
    public ushort Server;

    /// <summary>DHCPv6 delegated prefix length; 0 for an address.</summary>
    public byte PrefixLength;

    private byte _flags;

    /// <summary>DHCPv4 client id or DHCPv6 DUID, unless it is <c>01:</c> + MAC (see <see cref="ClientIdIsMac"/>).</summary>
    public string? ClientId;

    public string? Hostname;

    public LeaseSlotState State
    {
        readonly get => (LeaseSlotState)(_flags & StateMask);
        set => _flags = (byte)((_flags & ~StateMask) | (byte)value);
    }

    public bool HasMac
    {
        readonly get => (_flags & HasMacBit) != 0;
        set => _flags = value ? (byte)(_flags | HasMacBit) : (byte)(_flags & ~HasMacBit);
    }

    /// <summary>The client id is hardware type 1 + the MAC (<c>01:aa:bb:..</c>), the usual DHCPv4 case: not stored as a string.</summary>
    public bool ClientIdIsMac
    {
        readonly get => (_flags & ClientIdIsMacBit) != 0;
        set => _flags = value ? (byte)(_flags | ClientIdIsMacBit) : (byte)(_flags & ~ClientIdIsMacBit);
    }

    public readonly bool Holds => State is LeaseSlotState.Active or LeaseSlotState.Declined;
}

/// <summary>A 128-bit key as two 64-bit halves: <see cref="UInt128"/> would make the slot 16-byte aligned (80 bytes, not 64).</summary>
internal struct UInt128Parts
{
    public ulong High;
    public ulong Low;

    public static implicit operator UInt128(UInt128Parts parts) => new(parts.High, parts.Low);

    public static implicit operator UInt128Parts(UInt128 value) => new() { High = (ulong)(value >> 64), Low = (ulong)value };

    public readonly bool Equals(UInt128 value) => High == (ulong)(value >> 64) && Low == (ulong)value;
}
