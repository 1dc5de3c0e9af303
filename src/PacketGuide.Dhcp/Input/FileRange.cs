using Microsoft.Win32.SafeHandles;

namespace PacketGuide.Dhcp.Input;

/// <summary>Positional reads that fill the buffer unless the file ends first (one <c>pread</c> may return less).</summary>
internal static class FileRange
{
    /// <summary>Reads from <paramref name="offset"/> until <paramref name="buffer"/> is full or the file ends; returns the bytes read.</summary>
    public static int Read(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
