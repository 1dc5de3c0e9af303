using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Which file an open handle refers to, whatever its name now: device and inode, as <c>fstat</c> reports them. A name
/// can point at another file after a rotation, and an inode can be reused by a new file after a delete, so the
/// follower pairs this with a <see cref="LineFingerprint"/> of the file's first line.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file behind <paramref name="handle"/>.</summary>
    /// <exception cref="IOException">The system call failed.</exception>
    public static FileIdentity Of(SafeFileHandle handle)
    {
        if (NativeMethods.FStat(handle, out var stat) != 0)
        {
            throw new IOException($"fstat failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return new FileIdentity(stat.Device, stat.Inode);
    }

    public override string ToString() => $"{Device}:{Inode}";

    private static class NativeMethods
    {
        [DllImport("libc.so.6", EntryPoint = "fstat", SetLastError = true)]
        public static extern int FStat(SafeFileHandle fd, out StatPrefix buffer);
    }

    /// <summary>
    /// The start of <c>struct stat</c>: <c>st_dev</c> and <c>st_ino</c> are the first two 64-bit fields on Linux x86-64
    /// and arm64 alike. The rest differs between the two, so it is only reserved (the struct is 144 or 128 bytes).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatPrefix
    {
        public ulong Device;
        public ulong Inode;
    }
}
