using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

public enum ZoneChangeAction
{
    Create,
    Update,
    Delete,
}

/// <summary>One RRset a plan changes: as the server has it (<see cref="Before"/>, null for a create) and as it will be
/// (<see cref="After"/>, null for a delete).</summary>
public sealed record ZonePlanChange(ZoneChangeAction Action, DnsRecordSet? Before, DnsRecordSet? After)
{
    public string Name => (After ?? Before)!.Name;

    public string Type => (After ?? Before)!.Type;

    /// <summary>The provider change that makes it.</summary>
    public DnsChange ToDnsChange() => After is null ? new DnsChange(DnsChangeKind.Delete, Before!) : new DnsChange(DnsChangeKind.Replace, After);

    /// <summary>The RRset must still be what the plan saw, or the change is refused.</summary>
    public DnsPrecondition ToPrecondition() => DnsPrecondition.Matching(Name, Type, Before);
}
