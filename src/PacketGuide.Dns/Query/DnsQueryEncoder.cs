using System.Runtime.CompilerServices;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace PacketGuide.Dns.Query;

/// <summary>
/// Query messages encoded by ARSoft.Tools.Net's own message encoder, reached through an
/// <see cref="UnsafeAccessorAttribute"/> because ARSoft keeps <c>DnsMessageBase.Encode()</c> internal (its public way
/// to it is a whole client send, which cost 5.7 µs and 2.8 KB a question; docs/benchmarks.md). One message object is
/// reused under a lock: only its question and DO bit change between queries. The engine patches the 2-byte id per send.
/// </summary>
internal sealed class DnsQueryEncoder
{
    private readonly Lock _lock = new();
    private readonly DnsMessage _message;
    private readonly OptRecord _edns;

    public DnsQueryEncoder(bool recursion, ushort udpPayloadSize)
    {
        _edns = new OptRecord { UdpPayloadSize = udpPayloadSize };
        _message = new DnsMessage
        {
            IsQuery = true,
            IsRecursionDesired = recursion,
            IsEDnsEnabled = true,
            EDnsOptions = _edns,
        };
    }

    /// <summary>The query for (name, type) with EDNS and, when asked, DO: the message bytes (id at offsets 0-1 of the segment).</summary>
    /// <exception cref="ArgumentException">The name is not a valid domain name.</exception>
    public ArraySegment<byte> Encode(string name, ushort type, bool dnssecOk)
    {
        if (!DomainName.TryParse(name, out var domainName) || domainName is null)
        {
            throw new ArgumentException($"'{name}' is not a valid domain name.", nameof(name));
        }

        var question = new DnsQuestion(domainName, (RecordType)type, RecordClass.INet);
        lock (_lock)
        {
            _edns.IsDnsSecOk = dnssecOk;
            _message.Questions.Clear();
            _message.Questions.Add(question);
            return EncodeMessage(_message).ToArraySegment(includeLengthHeader: false);
        }
    }

    /// <summary>ARSoft.Tools.Net 3.6's <c>internal DnsRawPackage DnsMessageBase.Encode()</c>; a unit test fails when an update renames it.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Encode")]
    private static extern DnsRawPackage EncodeMessage(DnsMessageBase message);
}
