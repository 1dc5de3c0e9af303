using System.Runtime.InteropServices;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Parses Kea's <c>2026-11-26 12:56:11.751</c> stamps. A busy server writes many lines within one second, so the date
/// and time are parsed once per second (three compares recognize the same second) and only the milliseconds per line.
/// Not thread-safe: one per parser.
/// </summary>
internal sealed class KeaTimestampCache
{
    private ulong _head; // bytes 0-7 of the stamp that set _secondTicks
    private ulong _middle; // bytes 8-15
    private uint _tail; // bytes 15-18
    private long _secondTicks = -1;

    /// <summary>Same result as <see cref="LogTimestamp.TryParseKea"/>.</summary>
    public bool TryParse(ReadOnlySpan<byte> s, out long localTicks)
    {
        if (s.Length >= 23 && _secondTicks >= 0 && s[19] == '.'
            && MemoryMarshal.Read<ulong>(s) == _head && MemoryMarshal.Read<ulong>(s[8..]) == _middle && MemoryMarshal.Read<uint>(s[15..]) == _tail)
        {
            var d0 = s[20] - '0';
            var d1 = s[21] - '0';
            var d2 = s[22] - '0';
            if ((uint)d0 > 9 || (uint)d1 > 9 || (uint)d2 > 9)
            {
                localTicks = 0;
                return false;
            }

            localTicks = _secondTicks + ((((d0 * 100) + (d1 * 10) + d2)) * TimeSpan.TicksPerMillisecond);
            return true;
        }

        if (!LogTimestamp.TryParseKea(s, out localTicks))
        {
            return false;
        }

        _head = MemoryMarshal.Read<ulong>(s);
        _middle = MemoryMarshal.Read<ulong>(s[8..]);
        _tail = MemoryMarshal.Read<uint>(s[15..]);
        _secondTicks = localTicks - (localTicks % TimeSpan.TicksPerSecond);
        return true;
    }
}
