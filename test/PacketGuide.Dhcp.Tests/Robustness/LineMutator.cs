using System.Text;

namespace PacketGuide.Dhcp.Tests.Robustness;

/// <summary>Deterministic hostile variants of real log lines: truncation, byte flips, huge lines, bad UTF-8, NULs, wrong types, bad dates.</summary>
internal sealed class LineMutator(int seed)
{
    private static readonly byte[][] s_dates =
        [.. new[] { "9999-12-31 23:59:59.999", "0000-00-00 00:00:00.000", "2026-02-30 25:61:61.000", "1970-01-01 00:00:00.000", "2099-11-26 12:56:11.751" }
            .Select(Encoding.ASCII.GetBytes)];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] line)
    {
        var buffer = (byte[])line.Clone();
        switch (_random.Next(9))
        {
            case 0:
                return buffer[.._random.Next(buffer.Length + 1)];
            case 1:
                for (var i = _random.Next(1, 4); i > 0 && buffer.Length > 0; i--)
                {
                    buffer[_random.Next(buffer.Length)] = (byte)_random.Next(256);
                }

                return buffer;
            case 2:
                return _random.Next(50) == 0 ? [.. Enumerable.Repeat(buffer, 100).SelectMany(b => b)] : [.. buffer, .. buffer];
            case 3:
                return Insert(buffer, [0xC3, 0x28, 0xFF]);
            case 4:
                return Insert(buffer, [0, 0]);
            case 5:
                return Replace(buffer, b => b is >= (byte)'0' and <= (byte)'9', (byte)'x');
            case 6:
                return Replace(buffer, b => b is >= (byte)'a' and <= (byte)'f', (byte)'z');
            case 7:
                var date = s_dates[_random.Next(s_dates.Length)];
                var copy = buffer.Length >= date.Length ? buffer : [.. buffer, .. new byte[date.Length]];
                date.CopyTo(copy, 0);
                return copy;
            default:
                return Insert(buffer, Encoding.ASCII.GetBytes(new string('9', _random.Next(1, 40))));
        }
    }

    private byte[] Insert(byte[] buffer, byte[] bytes)
    {
        var at = _random.Next(buffer.Length + 1);
        return [.. buffer[..at], .. bytes, .. buffer[at..]];
    }

    private byte[] Replace(byte[] buffer, Func<byte, bool> match, byte with)
    {
        var hits = Enumerable.Range(0, buffer.Length).Where(i => match(buffer[i])).ToList();
        if (hits.Count > 0)
        {
            buffer[hits[_random.Next(hits.Count)]] = with;
        }

        return buffer;
    }
}
