using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Validation;

/// <summary>
/// A zone to validate: its authoritative servers, what it should hold (the spec's RRsets, or null to validate what is
/// served), whether it should be signed (null: as served), the key for zone transfers when the servers want one, and
/// the parent's servers when the delegation (NS and glue at the parent) should be checked too.
/// </summary>
public sealed record ZoneValidationTarget(string Zone, IReadOnlyList<DnsServer> Servers, IReadOnlyList<DnsRecordSet>? Declared = null, bool? ExpectSigned = null,
    TsigKey? TransferKey = null, IReadOnlyList<DnsServer>? ParentServers = null);
