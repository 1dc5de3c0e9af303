using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace PacketGuide.Dns.Query;

/// <summary>
/// Query messages encoded by ARSoft.Tools.Net. Its message encoder is internal, so the query goes through ARSoft's own
/// client with a transport that only keeps the bytes it is handed (nothing goes on the wire); the engine then owns the
/// sockets and patches only the 2-byte id per send. About 5 µs a question (docs/benchmarks.md).
/// </summary>
internal sealed class DnsQueryEncoder : IDisposable
{
    private readonly CapturingTransport _capture = new();
    private readonly ARSoft.Tools.Net.Dns.DnsClient _client;
    private readonly Lock _lock = new();
    private readonly bool _recursion;
    private readonly ushort _udpPayloadSize;

    public DnsQueryEncoder(bool recursion, ushort udpPayloadSize)
    {
        _recursion = recursion;
        _udpPayloadSize = udpPayloadSize;
        // The address is never contacted: the only transport captures the encoded message.
        _client = new ARSoft.Tools.Net.Dns.DnsClient([IPAddress.Loopback], [_capture], false, 1000);
    }

    /// <summary>The query for (name, type) with EDNS and, when asked, DO; also the name as ARSoft reads it.</summary>
    /// <exception cref="ArgumentException">The name is not a valid domain name.</exception>
    public (byte[] Packet, DomainName Name) Encode(string name, ushort type, bool dnssecOk)
    {
        if (!DomainName.TryParse(name, out var domainName) || domainName is null)
        {
            throw new ArgumentException($"'{name}' is not a valid domain name.", nameof(name));
        }

        var message = new DnsMessage
        {
            IsQuery = true,
            IsRecursionDesired = _recursion,
            IsEDnsEnabled = true,
            EDnsOptions = new OptRecord { UdpPayloadSize = _udpPayloadSize, IsDnsSecOk = dnssecOk },
        };
        message.Questions.Add(new DnsQuestion(domainName, (RecordType)type, RecordClass.INet));
        lock (_lock)
        {
            _capture.Last = null;
            // Completes synchronously: the transport's tasks are all completed ones.
            _ = _client.SendMessageAsync(message);
            var packet = _capture.Last ?? throw new InvalidOperationException($"ARSoft.Tools.Net did not encode the query for {name} {DnsRecordTypes.Name(type)}.");
            return (packet, domainName);
        }
    }

    public void Dispose() => _capture.Dispose();

    private sealed class CapturingTransport : IClientTransport
    {
        public byte[]? Last { get; set; }

        public ushort MaximumAllowedQuerySize => ushort.MaxValue;

        public bool SupportsReliableTransfer => false;

        public bool SupportsMulticastTransfer => false;

        public bool SupportsPooledConnections => false;

        public Task<IClientConnection?> ConnectAsync(DnsClientEndpointInfo endpointInfo, int queryTimeout, CancellationToken token = default) =>
            Task.FromResult<IClientConnection?>(new Connection(this));

        public Task<IClientConnection?> GetPooledConnectionAsync(DnsClientEndpointInfo endpointInfo, CancellationToken token = default) =>
            Task.FromResult<IClientConnection?>(null);

        public void Dispose()
        {
        }

        private sealed class Connection(CapturingTransport transport) : IClientConnection
        {
            public IClientTransport Transport => transport;

            public bool IsFaulty => false;

            public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
            {
                ArgumentNullException.ThrowIfNull(package);
                transport.Last = [.. package.ToArraySegment(includeLengthHeader: false)];
                return Task.FromResult(true);
            }

            public Task<DnsReceivedRawPackage?> ReceiveAsync(DnsMessageIdentification identification, CancellationToken token = default) =>
                Task.FromResult<DnsReceivedRawPackage?>(null);

            public void RestartIdleTimeout(TimeSpan? timeout)
            {
            }

            public void MarkFaulty()
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
