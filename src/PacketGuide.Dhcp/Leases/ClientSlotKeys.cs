namespace PacketGuide.Dhcp.Leases;

/// <summary>DHCPv4 leases by client: MAC and subnet (a client holds one lease per subnet).</summary>
internal readonly struct ClientSlotKeys(LeaseSlotStore slots, List<LeaseBucket> buckets) : ISlotKeys<(ulong Mac, int Subnet)>
{
    public ulong Hash((ulong Mac, int Subnet) key) => key.Mac ^ ((ulong)(uint)key.Subnet * 0xC2B2AE3D27D4EB4FUL);

    public ulong HashOf(int slot)
    {
        ref var s = ref slots[slot];
        return Hash((s.Mac, buckets[s.Bucket].Subnet));
    }

    public bool Matches(int slot, (ulong Mac, int Subnet) key)
    {
        ref var s = ref slots[slot];
        return s.HasMac && s.Mac == key.Mac && buckets[s.Bucket].Subnet == key.Subnet;
    }
}
