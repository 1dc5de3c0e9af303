namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// One 64-bit identity per client, for counting distinct clients and correlating Kea lines without keeping text:
/// a MAC (top bit set) or, without one, a hash of the DUID or client id (top bit clear). 0 means unknown.
/// </summary>
internal static class ClientKeys
{
    private const ulong MacBit = 1UL << 63;

    public static ulong FromMac(MacAddress mac) => mac.Value | MacBit;

    public static ulong FromIdHash(ulong hash) => hash & ~MacBit;

    /// <summary>The key for colon-separated hex octets (a DUID or client id), or 0 when they are not valid.</summary>
    public static ulong FromHexOctets(ReadOnlySpan<byte> text) => Utf8Text.TryHashHexOctets(text, out var hash) ? FromIdHash(hash) : 0;
}
