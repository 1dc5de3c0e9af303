using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Config;

/// <summary>One entry of <c>dns.providers</c> in pguide.yaml.</summary>
/// <param name="Name">The key under <c>dns.providers</c>; what <c>--provider</c> names.</param>
/// <param name="Type"><c>powerdns</c> or <c>rfc2136</c>.</param>
/// <param name="Zones">Zones this provider serves (absolute); empty: ask the provider (PowerDNS). Required for rfc2136.</param>
/// <param name="Location">file:line of the entry, for messages.</param>
public sealed record DnsProviderDefinition(string Name, string Type, IReadOnlyList<string> Zones, string Location)
{
    /// <summary>PowerDNS: the API server URL, e.g. <c>http://127.0.0.1:8081/api/v1/servers/localhost</c>.</summary>
    public Uri? Url { get; init; }

    /// <summary>PowerDNS: the API key's reference.</summary>
    public SecretReference? ApiKey { get; init; }

    /// <summary>PowerDNS: the largest PATCH body to send (<c>max-patch-bytes</c>; default <see cref="PowerDnsProvider.DefaultMaxPatchBytes"/>).</summary>
    public int? MaxPatchBytes { get; init; }

    /// <summary>RFC 2136: the primary server to send updates to (and AXFR from).</summary>
    public DnsServer? Server { get; init; }

    /// <summary>RFC 2136: a BIND key file (<c>tsig-key-file</c>), as tsig-keygen writes it.</summary>
    public string? TsigKeyFile { get; init; }

    /// <summary>RFC 2136: the key given inline by name and algorithm, its secret by reference (<c>tsig-key</c>).</summary>
    public string? TsigName { get; init; }

    public string? TsigAlgorithm { get; init; }

    public SecretReference? TsigSecret { get; init; }

    /// <summary>
    /// PowerDNS: where it answers DNS (<c>server</c>), for DNSSEC status read from what it serves; default: the API URL's
    /// host on port 53. RFC 2136 providers use <see cref="Server"/>.
    /// </summary>
    public DnsServer? DnsAddress { get; init; }

    /// <summary>RFC 2136 (BIND): the rndc control channel (<c>rndc.server</c>, port 953 unless given), for DNSSEC.</summary>
    public DnsServer? RndcServer { get; init; }

    /// <summary>RFC 2136 (BIND): the rndc key file (<c>rndc.key-file</c>, as rndc-confgen writes it); read by rndc itself.</summary>
    public string? RndcKeyFile { get; init; }
}
