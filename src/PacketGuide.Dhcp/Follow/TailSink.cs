using System.Globalization;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Turns the events of one followed file into <see cref="LeaseEvent"/>s with ids. The id is a hash of the file's
/// fingerprint and the line's content, then the line's byte offset: the same line read twice (after a restart, or from
/// a <c>copytruncate</c> copy, which has the same first line and offsets) has the same id, and two files that only
/// start alike do not share ids.
/// </summary>
internal sealed class TailSink(FollowedFile file, bool additionalLeases) : ILineEventSink
{
    /// <summary>Byte offset of the line being parsed; the follower sets it before each line.</summary>
    public long LineOffset { get; set; }

    /// <summary>Hash of the line being parsed; the follower sets it before each line.</summary>
    public ulong LineHash { get; set; }

    public List<LeaseEvent> Events { get; private set; } = [];

    public long Unparsed { get; private set; }

    private long[]? _unparsedByReason;

    /// <summary>Hands over the events collected so far (and the unparsed lines by reason, null when none) and starts a new batch.</summary>
    public (List<LeaseEvent> Events, long Unparsed, long[]? UnparsedByReason) Take()
    {
        var taken = (Events, Unparsed, _unparsedByReason);
        Events = [];
        Unparsed = 0;
        _unparsedByReason = null;
        return taken;
    }

    public void OnEvent(scoped in LineEvent e) => Events.Add(e.ToLeaseEvent(new SourceLocation(file.Path, e.Line),
        string.Create(CultureInfo.InvariantCulture, $"{(file.Fingerprint.Hash * 0x9E3779B97F4A7C15UL) ^ LineHash:x16}-{LineOffset:x}")));

    /// <summary>With <see cref="DhcpParseOptions.AdditionalLeaseEvents"/>: each further lease line of a message is an event too.</summary>
    public void OnAdditionalLease(scoped in LineEvent e)
    {
        if (additionalLeases)
        {
            OnEvent(e);
        }
    }

    public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text)
    {
        Unparsed++;
        (_unparsedByReason ??= new long[UnparsedReasons.Count])[(int)reason]++;
    }
}
