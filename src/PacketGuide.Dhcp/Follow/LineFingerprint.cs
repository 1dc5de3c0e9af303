using Microsoft.Win32.SafeHandles;
using PacketGuide.Dhcp.Input;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// A 64-bit hash of a file's first line (at most its first <see cref="MaxBytes"/> bytes). Log lines start with a
/// timestamp, so two log files almost never share a first line; a copy made by <c>copytruncate</c> does, which is how
/// the follower recognises the copy as content it has already read. A file whose first line is not finished yet has no
/// fingerprint and is not read until it has one.
/// </summary>
public readonly record struct LineFingerprint(ulong Hash, int Length)
{
    public const int MaxBytes = 1024;

    /// <summary>Reads the first line of the file behind <paramref name="handle"/>; false when it is not complete yet.</summary>
    public static bool TryRead(SafeFileHandle handle, out LineFingerprint fingerprint)
    {
        fingerprint = default;
        Span<byte> head = stackalloc byte[MaxBytes];
        var filled = FileRange.Read(handle, head, 0);

        var newline = head[..filled].IndexOf((byte)'\n');
        if (newline < 0 && filled < MaxBytes)
        {
            return false;
        }

        var line = newline < 0 ? head : head[..newline];
        fingerprint = new LineFingerprint(StableHash.Of(line), line.Length);
        return true;
    }

    public override string ToString() => $"{Hash:x16}";
}
