using PacketGuide.Dns.Providers;

namespace PacketGuide.Server.Api;

/// <summary>A zone a provider serves (<c>GET /api/v1/dns/zones</c>).</summary>
/// <param name="Kind">The provider's type: <c>powerdns</c> or <c>rfc2136</c>.</param>
public sealed record DnsZoneView(string Zone, string Provider, string Kind);

/// <summary>A zone's RRsets as its provider holds them (<c>GET /api/v1/dns/records</c>).</summary>
public sealed record DnsRecordListView(string Zone, string Provider, IReadOnlyList<DnsRecordSet> Rrsets);

/// <summary>The body of <c>PUT</c> (set) and <c>POST</c> (add) <c>/api/v1/dns/records/{name}/{type}</c>.</summary>
/// <param name="Values">Zone-file text per value: <c>192.0.2.10</c>, <c>10 mail.example.com.</c>; plain TXT is quoted for you.</param>
/// <param name="Ttl">Seconds; default the RRset's current TTL, else 3600.</param>
public sealed record DnsRecordInput(IReadOnlyList<string>? Values, long? Ttl);

/// <summary>What a record edit did (or, with <c>dryRun=true</c>, would do); PTRs kept in step with <c>ptr=true</c> (in <c>reverse</c>).</summary>
public sealed record DnsEditView(string Zone, string Provider, string Name, string Type, bool Changed, bool DryRun, DnsRecordSet? Before, DnsRecordSet? After,
    IReadOnlyList<DnsPtrEditView> Reverse);

/// <summary>One PTR changed alongside an A/AAAA edit.</summary>
public sealed record DnsPtrEditView(bool Changed, DnsRecordSet? Before, DnsRecordSet? After);

/// <summary>
/// The body of <c>POST /api/v1/dns/plan</c> and <c>/apply</c>: a zone spec in YAML (<see cref="Spec"/>), or the names of
/// zones whose specs are in <c>serve.dns.zones</c> (<see cref="Zones"/>; neither: all of them).
/// </summary>
/// <param name="Force">Apply only: go past the safety rails (after reading the plan).</param>
/// <param name="Fingerprint">Apply only: the plan's fingerprint as reviewed; refused (409) when the zone changed since.</param>
public sealed record DnsPlanRequest(string? Spec, IReadOnlyList<string>? Zones, bool? Force, string? Fingerprint);

/// <summary>What <c>POST /api/v1/dns/apply</c> did, per zone.</summary>
public sealed record DnsApplyView(IReadOnlyList<DnsZoneApplyView> Zones);

/// <summary>One zone's apply: the record changes sent (markers counted apart) and the DNSSEC step's actions.</summary>
public sealed record DnsZoneApplyView(string Zone, string Provider, int Applied, int Markers, IReadOnlyList<DnsChangeView> Changes, DnsDnssecView? Dnssec);

/// <summary>One RRset change: <c>create</c>, <c>update</c> or <c>delete</c>, before and after.</summary>
public sealed record DnsChangeView(string Action, string Name, string Type, DnsRecordSet? Before, DnsRecordSet? After);

/// <summary>What the DNSSEC step did, and a step pguide cannot take (a DS at a parent it does not manage), if any.</summary>
public sealed record DnsDnssecView(IReadOnlyList<string> Actions, string? ManualStep);

/// <summary>The body of <c>POST /api/v1/validations</c>: only these zones (default: everything the service validates).</summary>
public sealed record ValidationRequest(IReadOnlyList<string>? Zones);

/// <summary>The body of <c>POST /api/v1/apikeys</c>.</summary>
/// <param name="Scope"><c>read</c>, <c>write</c> or <c>admin</c>.</param>
public sealed record ApiKeyInput(string? Name, string? Scope);

/// <summary>A created key: the whole key text, shown this once, and its record.</summary>
public sealed record ApiKeyCreatedView(string Key, Storage.ApiKeyRecord Record);
