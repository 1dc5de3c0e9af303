namespace PacketGuide.Dns.Config;

/// <summary>One entry of <c>dns.providers</c> in pguide.yaml.</summary>
/// <param name="Name">The key under <c>dns.providers</c>; what <c>--provider</c> names.</param>
/// <param name="Type"><c>powerdns</c> (more types come with the RFC 2136 provider).</param>
/// <param name="Url">PowerDNS: the API server URL, e.g. <c>http://127.0.0.1:8081/api/v1/servers/localhost</c>.</param>
/// <param name="ApiKey">PowerDNS: the API key's reference.</param>
/// <param name="Zones">Zones this provider serves (absolute); empty: ask the provider.</param>
/// <param name="Location">file:line of the entry, for messages.</param>
public sealed record DnsProviderDefinition(string Name, string Type, Uri? Url, SecretReference? ApiKey, IReadOnlyList<string> Zones, string Location);
