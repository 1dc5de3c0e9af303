namespace PacketGuide.Dhcp.Leases;

/// <summary>Slots by address (the tracker's primary index).</summary>
internal readonly struct AddressSlotKeys(LeaseSlotStore slots) : ISlotKeys<UInt128>
{
    public ulong Hash(UInt128 key) => ((ulong)(key >> 64) * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)key;

    public ulong HashOf(int slot) => Hash(slots[slot].Key);

    public bool Matches(int slot, UInt128 key) => slots[slot].Key.Equals(key);
}
