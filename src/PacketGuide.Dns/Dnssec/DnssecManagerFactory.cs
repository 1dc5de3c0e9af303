using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Dnssec;

/// <summary>Builds the DNSSEC manager for a pguide.yaml provider: PowerDNS (API + its DNS address) or rfc2136 (BIND: DNS, TSIG for AXFR, optional rndc).</summary>
public static class DnssecManagerFactory
{
    /// <exception cref="DnsConfigException">A secret or key file cannot be used.</exception>
    public static IDnssecManager Create(DnsProviderDefinition definition, HttpClient http, Func<string, string?> environment, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(http);
        var provider = DnsProviderFactory.Create(definition, http, environment, timeProvider);
        switch (provider)
        {
            case PowerDnsProvider powerDns:
                var address = definition.DnsAddress ?? DefaultDnsAddress(definition);
                return new PowerDnsDnssecManager(powerDns, new ServedDnssecReader(address, null, http.Timeout, timeProvider), timeProvider);
            case Rfc2136Provider:
                var rndc = definition.RndcServer is { } rndcServer ? new RndcClient(rndcServer, definition.RndcKeyFile!, http.Timeout) : null;
                return new BindDnssecManager(definition.Name, new ServedDnssecReader(definition.Server!, DnsProviderFactory.TsigKeyOf(definition, environment), http.Timeout, timeProvider), rndc);
            default:
                throw new DnsConfigException($"{definition.Location}: provider type '{definition.Type}' has no DNSSEC support.");
        }
    }

    /// <summary>PowerDNS without <c>server:</c>: the API host on port 53 (the API URL's host must be an IP address then).</summary>
    private static DnsServer DefaultDnsAddress(DnsProviderDefinition definition) =>
        DnsServer.TryParse(definition.Url!.Host.Trim('[', ']'), 53, out var server, out _)
            ? server
            : throw new DnsConfigException($"{definition.Location}: dns.providers.{definition.Name} needs server: ADDRESS[:PORT] (where PowerDNS answers DNS) " +
                "for DNSSEC status; the API URL's host is not an IP address.");
}
