using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// A zone to validate: its authoritative servers, what it should hold (the spec's RRsets, or null to validate what is
/// served), whether it should be signed (null: as served), and the key for zone transfers when the servers want one.
/// </summary>
public sealed record ZoneValidationTarget(string Zone, IReadOnlyList<DnsServer> Servers, IReadOnlyList<DnsRecordSet>? Declared = null, bool? ExpectSigned = null,
    TsigKey? TransferKey = null);
