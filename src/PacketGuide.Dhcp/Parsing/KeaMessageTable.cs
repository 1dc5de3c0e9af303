using System.Runtime.InteropServices;
using System.Text;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Maps Kea message ids (the 5th column) to <see cref="KeaMessage"/> with one hash and one compare. Covers the
/// names of Kea 2.2 through 2.6 (for example DHCP4_LEASE_ADVERT became DHCP4_LEASE_OFFER; both are here).
/// </summary>
internal static class KeaMessageTable
{
    private const int Size = 256;
    private static readonly (byte[] Id, KeaMessage Message)[] s_slots = Build();

    public static KeaMessage Lookup(ReadOnlySpan<byte> id)
    {
        if (id.Length is < 8 or > 48)
        {
            return KeaMessage.None;
        }

        var slot = Hash(id) & (Size - 1);
        while (true)
        {
            var (key, message) = s_slots[slot];
            if (key is null)
            {
                return KeaMessage.None;
            }

            if (id.SequenceEqual(key))
            {
                return message;
            }

            slot = (slot + 1) & (Size - 1);
        }
    }

    /// <summary>
    /// The length and the first and last eight bytes (ids are at least 8 long): enough to tell the ids apart, without a
    /// loop over every byte of the many DEBUG ids that are not in the table.
    /// </summary>
    private static int Hash(ReadOnlySpan<byte> id)
    {
        var h = (MemoryMarshal.Read<ulong>(id) * 0x9E3779B97F4A7C15UL) ^ (MemoryMarshal.Read<ulong>(id[^8..]) * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)id.Length;
        return (int)(h >> 40);
    }

    private static (byte[] Id, KeaMessage Message)[] Build()
    {
        var map = new Dictionary<string, KeaMessage>
        {
            ["DHCP4_PACKET_RECEIVED"] = KeaMessage.PacketReceived,
            ["DHCP6_PACKET_RECEIVED"] = KeaMessage.PacketReceived,
            ["DHCP4_PACKET_SEND"] = KeaMessage.PacketSend,
            ["DHCP6_PACKET_SEND"] = KeaMessage.PacketSend,
            ["DHCP4_SUBNET_SELECTED"] = KeaMessage.SubnetSelected,
            ["DHCP6_SUBNET_SELECTED"] = KeaMessage.SubnetSelected,
            ["DHCP4_INIT_REBOOT"] = KeaMessage.InitReboot,
            ["DHCP4_LEASE_ADVERT"] = KeaMessage.Offer,
            ["DHCP4_LEASE_OFFER"] = KeaMessage.Offer,
            ["DHCP6_LEASE_ADVERT"] = KeaMessage.Offer,
            ["DHCP6_PD_LEASE_ADVERT"] = KeaMessage.Offer,
            ["DHCP4_LEASE_ALLOC"] = KeaMessage.Ack,
            ["DHCP4_LEASE_REUSE"] = KeaMessage.Ack,
            ["DHCP6_LEASE_ALLOC"] = KeaMessage.Ack,
            ["DHCP6_LEASE_RENEW"] = KeaMessage.Ack,
            ["DHCP6_LEASE_REUSE"] = KeaMessage.Ack,
            ["DHCP6_PD_LEASE_ALLOC"] = KeaMessage.Ack,
            ["DHCP6_PD_LEASE_RENEW"] = KeaMessage.Ack,
            ["DHCP6_PD_LEASE_REUSE"] = KeaMessage.Ack,
            ["DHCP4_RELEASE"] = KeaMessage.Release,
            ["DHCP4_RELEASE_DELETED"] = KeaMessage.Release,
            ["DHCP4_RELEASE_EXPIRED"] = KeaMessage.Release,
            ["DHCP4_RELEASE_FAIL"] = KeaMessage.Release,
            ["DHCP4_RELEASE_EXCEPTION"] = KeaMessage.Release,
            ["DHCP4_RELEASE_FAIL_NO_LEASE"] = KeaMessage.Release,
            ["DHCP4_RELEASE_FAIL_WRONG_CLIENT"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA_DELETED"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA_EXPIRED"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA_FAIL"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA_FAIL_WRONG_DUID"] = KeaMessage.Release,
            ["DHCP6_RELEASE_NA_FAIL_WRONG_IAID"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD_DELETED"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD_EXPIRED"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD_FAIL"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD_FAIL_WRONG_DUID"] = KeaMessage.Release,
            ["DHCP6_RELEASE_PD_FAIL_WRONG_IAID"] = KeaMessage.Release,
            ["DHCP4_DECLINE_LEASE"] = KeaMessage.Decline4,
            ["DHCP4_DECLINE_LEASE_MISMATCH"] = KeaMessage.Decline4,
            ["DHCP4_DECLINE_LEASE_NOT_FOUND"] = KeaMessage.Decline4,
            ["DHCP4_DECLINE_FAIL"] = KeaMessage.DeclineFail,
            ["DHCP6_DECLINE_FAIL"] = KeaMessage.DeclineFail,
            ["DHCP6_DECLINE_LEASE"] = KeaMessage.Decline6,
            ["DHCP6_DECLINE_FAIL_NO_LEASE"] = KeaMessage.Decline6,
            ["DHCP6_DECLINE_FAIL_DUID_MISMATCH"] = KeaMessage.Decline6,
            ["DHCP6_DECLINE_FAIL_IAID_MISMATCH"] = KeaMessage.Decline6,
            ["DHCP6_DECLINE_FAIL_LEASE_WITHOUT_DUID"] = KeaMessage.Decline6,
            ["ALLOC_ENGINE_V4_ALLOC_FAIL"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V4_ALLOC_FAIL_NO_POOLS"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V4_ALLOC_FAIL_SHARED_NETWORK"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V4_ALLOC_FAIL_SUBNET"] = KeaMessage.AllocationFailedSubnet,
            ["ALLOC_ENGINE_V6_ALLOC_FAIL"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V6_ALLOC_FAIL_CLASSES"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V6_ALLOC_FAIL_NO_POOLS"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V6_ALLOC_FAIL_SHARED_NETWORK"] = KeaMessage.AllocationFailed,
            ["ALLOC_ENGINE_V6_ALLOC_FAIL_SUBNET"] = KeaMessage.AllocationFailedSubnet,
            ["ALLOC_ENGINE_V4_LEASE_RECLAIM"] = KeaMessage.Reclaim,
            ["ALLOC_ENGINE_V6_LEASE_RECLAIM"] = KeaMessage.Reclaim,
        };

        var slots = new (byte[] Id, KeaMessage Message)[Size];
        foreach (var (name, message) in map)
        {
            var id = Encoding.ASCII.GetBytes(name);
            var slot = Hash(id) & (Size - 1);
            while (slots[slot].Id is not null)
            {
                slot = (slot + 1) & (Size - 1);
            }

            slots[slot] = (id, message);
        }

        return slots;
    }
}
