using System.Text;

namespace PacketGuide.Dhcp.Parsing;

/// <summary>
/// Turns short UTF-8 values that repeat (server names, subnets, relays, interfaces) into shared strings without
/// allocating after the first time. Bounded, so hostile input with endless distinct values cannot grow it without limit.
/// </summary>
internal sealed class Utf8Interner
{
    private const int MaxEntries = 4096;
    private const int MaxLength = 256;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Utf8Interner() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxLength];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        var text = chars[..count];
        if (_lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = new string(text);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}
