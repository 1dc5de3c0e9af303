namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Kea's client label (<c>Pkt4::getLabel</c>/<c>Pkt6::getLabel</c>): <c>[hwtype=1 00:0c:01:02:03:04], cid=[01:..], tid=0x0</c>
/// for DHCPv4 and <c>duid=[00:03:..], [hwtype=1 ..], tid=0x1a</c> for DHCPv6. Any part may be missing or say "no info".
/// </summary>
internal ref struct KeaClientLabel
{
    public bool HasMac;
    public MacAddress Mac;
    public ReadOnlySpan<byte> ClientId;
    public ReadOnlySpan<byte> Duid;
    public bool HasTid;
    public uint Tid;
    private ulong _duidHash;
    private ulong _clientIdHash;

    /// <summary>Identity used to correlate lines and count clients: the MAC, else the DUID, else the client id.</summary>
    public readonly ulong ClientKey =>
        HasMac ? ClientKeys.FromMac(Mac)
        : !Duid.IsEmpty ? ClientKeys.FromIdHash(_duidHash)
        : !ClientId.IsEmpty ? ClientKeys.FromIdHash(_clientIdHash)
        : 0;

    /// <summary>Parses a label at the start of <paramref name="text"/>; returns the bytes consumed, or -1 if malformed.</summary>
    public static int Parse(ReadOnlySpan<byte> text, out KeaClientLabel label)
    {
        label = default;
        var pos = 0;
        var parts = 0;
        while (pos < text.Length)
        {
            var s = text[pos..];
            int used;
            if (s.StartsWith("[hwtype="u8))
            {
                var close = s.IndexOf((byte)']');
                if (close < 0)
                {
                    return -1;
                }

                var inner = s[8..close];
                var space = inner.IndexOf((byte)' ');
                if (space < 0)
                {
                    return -1;
                }

                var hw = inner[(space + 1)..];
                if (hw.Length == 17)
                {
                    if (!MacAddress.TryParse(hw, out label.Mac))
                    {
                        return -1;
                    }

                    label.HasMac = true;
                }

                used = close + 1;
            }
            else if (s.StartsWith("[no hwaddr info]"u8))
            {
                used = 16;
            }
            else if (s.StartsWith("cid=["u8) || s.StartsWith("duid=["u8))
            {
                var start = s[0] == 'c' ? 5 : 6;
                var close = s.IndexOf((byte)']');
                if (close < 0)
                {
                    return -1;
                }

                var value = s[start..close];
                if (start == 5 && label.HasMac && Utf8Text.IsCanonicalHexOctets(value))
                {
                    // The MAC identifies the client, so the client id's hash is not needed.
                    label.ClientId = value;
                }
                else if (!value.SequenceEqual("no info"u8))
                {
                    if (!Utf8Text.TryHashHexOctets(value, out var hash))
                    {
                        return -1;
                    }

                    if (start == 5)
                    {
                        label.ClientId = value;
                        label._clientIdHash = hash;
                    }
                    else
                    {
                        label.Duid = value;
                        label._duidHash = hash;
                    }
                }

                used = close + 1;
            }
            else if (s.StartsWith("tid=0x"u8))
            {
                var end = 6;
                while (end < s.Length && MacAddress.HexValue(s[end]) >= 0)
                {
                    end++;
                }

                if (!Utf8Text.TryParseHex32(s[4..end], out label.Tid))
                {
                    return -1;
                }

                label.HasTid = true;
                used = end;
            }
            else
            {
                return parts == 0 ? -1 : pos;
            }

            parts++;
            pos += used;
            if (pos + 1 < text.Length && text[pos] == ',' && text[pos + 1] == ' ')
            {
                pos += 2;
                continue;
            }

            return pos;
        }

        return parts == 0 ? -1 : pos;
    }
}
