namespace PacketGuide.Dhcp.Follow;

/// <summary>64-bit FNV-1a: the same on every run and machine (unlike <see cref="HashCode"/>), which checkpoints and event ids need.</summary>
internal static class StableHash
{
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
