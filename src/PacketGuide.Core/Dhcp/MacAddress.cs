using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PacketGuide.Dhcp;

/// <summary>A 48-bit Ethernet hardware address, stored as a number so that it costs no allocation.</summary>
public readonly record struct MacAddress(ulong Value) : ISpanFormattable
{
    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> (also <c>-</c> separated) from UTF-8 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out MacAddress mac)
    {
        mac = default;
        if (text.Length != 17)
        {
            return false;
        }

        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            var hi = HexValue(text[i * 3]);
            var lo = HexValue(text[(i * 3) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            if (i < 5 && text[(i * 3) + 2] is not ((byte)':' or (byte)'-'))
            {
                return false;
            }

            value = (value << 8) | (uint)((hi << 4) | lo);
        }

        mac = new MacAddress(value);
        return true;
    }

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> from text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null || text.Length != 17)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[17];
        for (var i = 0; i < 17; i++)
        {
            if (text[i] > 127)
            {
                return false;
            }

            bytes[i] = (byte)text[i];
        }

        return TryParse(bytes, out mac);
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (expected aa:bb:cc:dd:ee:ff).");

    /// <summary>The value of a hex digit, or -1: one table load instead of three range tests.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int HexValue(byte c) => HexDigits[c];

    private static ReadOnlySpan<sbyte> HexDigits =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    /// <inheritdoc/>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => string.Create(17, Value, static (span, value) => Write(span, value));

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < 17)
        {
            charsWritten = 0;
            return false;
        }

        Write(destination, Value);
        charsWritten = 17;
        return true;
    }

    /// <summary>Writes <c>aa:bb:cc:dd:ee:ff</c> (lower case) into the first 17 characters of <paramref name="span"/>.</summary>
    private static void Write(Span<char> span, ulong value)
    {
        const string Hex = "0123456789abcdef";
        for (var i = 0; i < 6; i++)
        {
            var b = (int)((value >> ((5 - i) * 8)) & 0xff);
            span[i * 3] = Hex[b >> 4];
            span[(i * 3) + 1] = Hex[b & 0xf];
            if (i < 5)
            {
                span[(i * 3) + 2] = ':';
            }
        }
    }
}
