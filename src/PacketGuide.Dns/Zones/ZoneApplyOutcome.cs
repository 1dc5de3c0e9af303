using PacketGuide.Dns.Dnssec;

namespace PacketGuide.Dns.Zones;

/// <summary>What applying a plan did: every change sent (markers included) and the DNSSEC step's result, if it had one.</summary>
public sealed record ZoneApplyOutcome(ZonePlan Plan, IReadOnlyList<ZonePlanChange> Sent, DnssecChangeResult? Dnssec)
{
    /// <summary>The record changes sent, PacketGuide's ownership markers left out.</summary>
    public IEnumerable<ZonePlanChange> RecordChanges => Sent.Where(c => !Plan.MarkerChanges.Contains(c));
}
