using System.Collections;
using System.Runtime.CompilerServices;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// An UPDATE message whose name compression stays valid past 16 KB, so one message can carry up to 64 KB of changes.
/// </summary>
/// <remarks>
/// A compression pointer holds a 14-bit offset (RFC 1035 4.1.4), so only a name written before offset 16,384 can be
/// pointed to. ARSoft.Tools.Net 3.6 remembers every name it writes, at any offset, and writes a later copy as
/// <c>offset | 0xC000</c>, which past 16,383 points somewhere else; BIND answers such a message with FORMERR. This class
/// lets ARSoft encode as usual but hands it a name table that only matches names first written below the limit, which
/// is what BIND's own encoder (and so nsupdate) does: names past the limit are written in full up to the longest suffix
/// written before it (usually the zone name).
/// </remarks>
internal sealed class PointerSafeUpdateMessage : DnsUpdateMessage
{
    /// <summary>The largest offset a compression pointer can hold.</summary>
    internal const int MaxPointerOffset = 0x3FFF;

    /// <summary>
    /// How far ahead of the last byte written ARSoft may write a name: record data starts 2 bytes after the length field
    /// it fills in afterwards. Names seen this close to the limit are not offered for compression, to stay safe.
    /// </summary>
    private const int LookAhead = 64;

    protected override void EncodeSections(IList<byte> messageData, ref int currentPosition, Dictionary<DomainName, ushort> domainNames)
    {
        var tracked = new WriteTrackingList(messageData, currentPosition);
        base.EncodeSections(tracked, ref currentPosition, new Dictionary<DomainName, ushort>(new BelowLimitComparer(tracked)));
    }

    /// <summary>
    /// Matches names as <see cref="DomainName"/> does, but only when one of the two was seen while the message was still
    /// short enough for a pointer to reach it. ARSoft looks a name up and, when absent, adds it at the same offset, so
    /// every entry added below the limit was seen below it, and an entry added past it (seen only past it) never matches.
    /// </summary>
    private sealed class BelowLimitComparer(WriteTrackingList message) : IEqualityComparer<DomainName>
    {
        private readonly HashSet<DomainName> _reachable = new(ReferenceEqualityComparer.Instance);

        public bool Equals(DomainName? x, DomainName? y) =>
            x is not null && y is not null && x.Equals(y) && (_reachable.Contains(x) || _reachable.Contains(y));

        public int GetHashCode(DomainName name)
        {
            if (message.Written + LookAhead <= MaxPointerOffset)
            {
                _reachable.Add(name);
            }

            return name.GetHashCode();
        }
    }

    /// <summary>The message buffer, noting how far into it ARSoft has written.</summary>
    private sealed class WriteTrackingList(IList<byte> inner, int start) : IList<byte>
    {
        /// <summary>One past the highest offset written so far.</summary>
        public int Written { get; private set; } = start;

        public byte this[int index]
        {
            get => inner[index];
            set
            {
                inner[index] = value;
                if (index >= Written)
                {
                    Written = index + 1;
                }
            }
        }

        public int Count => inner.Count;

        public bool IsReadOnly => false;

        public int IndexOf(byte item) => inner.IndexOf(item);

        public bool Contains(byte item) => inner.Contains(item);

        public void CopyTo(byte[] array, int arrayIndex) => inner.CopyTo(array, arrayIndex);

        public IEnumerator<byte> GetEnumerator() => inner.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(byte item) => throw Fixed();

        public void Insert(int index, byte item) => throw Fixed();

        public bool Remove(byte item) => throw Fixed();

        public void RemoveAt(int index) => throw Fixed();

        public void Clear() => throw Fixed();

        private static NotSupportedException Fixed([CallerMemberName] string? operation = null) =>
            new($"The message buffer has a fixed size; {operation} is not supported.");
    }
}
