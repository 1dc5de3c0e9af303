using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Records that Kubernetes external-dns owns, read from its TXT registry, so that PacketGuide leaves them alone. A registry
/// record is a TXT whose text starts <c>heritage=external-dns</c>. In the old format it sits at the owned name itself and
/// claims every type there; in the current one its first label is prefixed with the type (<c>a-www</c>, <c>cname-www</c>)
/// and it claims that type at the unprefixed name. The registry records themselves are left alone too.
/// </summary>
public static class ExternalDnsRegistry
{
    private static readonly string[] s_typePrefixes = ["a-", "aaaa-", "cname-", "ns-", "mx-", "srv-", "txt-", "ptr-", "naptr-", "caa-"];

    public static bool IsRegistryRecord(DnsRecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Type == "TXT" && set.Values.Any(v => v.TrimStart('"').StartsWith("heritage=external-dns", StringComparison.Ordinal));
    }

    /// <summary>What a registry record claims: (name, type), with a null type for every type at the name.</summary>
    public static IEnumerable<(string Name, string? Type)> Claims(DnsRecordSet registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        yield return (registry.Name, null);
        var dot = registry.Name.IndexOf('.', StringComparison.Ordinal);
        var label = dot < 0 ? registry.Name : registry.Name[..dot];
        foreach (var prefix in s_typePrefixes)
        {
            if (label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && label.Length > prefix.Length)
            {
                yield return (registry.Name[prefix.Length..], prefix[..^1].ToUpperInvariant());
            }
        }
    }
}
