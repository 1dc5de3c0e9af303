namespace PacketGuide.Dns.Dnssec;

/// <summary>A DNSKEY (or CDNSKEY) as served.</summary>
public sealed record ServedDnsKey(int Flags, int Protocol, int Algorithm, byte[] PublicKey)
{
    public int KeyTag => DelegationSigner.KeyTag(DelegationSigner.DnsKeyData(Flags, Protocol, Algorithm, PublicKey));

    public bool IsSecureEntryPoint => (Flags & 1) != 0;

    /// <summary><c>257 3 13 BASE64</c>.</summary>
    public string Text => FormattableString.Invariant($"{Flags} {Protocol} {Algorithm} {Convert.ToBase64String(PublicKey)}");

    /// <summary>The DS text for this key at <paramref name="zone"/>.</summary>
    public string Ds(string zone, int digestType) => DelegationSigner.DsText(zone, Flags, Protocol, Algorithm, PublicKey, digestType);
}
