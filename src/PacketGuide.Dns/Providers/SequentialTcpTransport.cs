using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// DNS over TCP for ARSoft.Tools.Net's client, one connection per exchange, reading the answers in the order they come.
/// </summary>
/// <remarks>
/// ARSoft's own <see cref="TcpClientTransport"/> always goes through its pipelined connection, whose reader hands each
/// message to whoever waits for its ID at that moment: a zone transfer answered in several messages (BIND sends about
/// 2,000 records a message) loses the ones that arrive before ARSoft asks for them, and the transfer then waits until it
/// times out. Here the messages are read in turn from the stream, so multi-message AXFR works, and ARSoft still encodes,
/// signs (TSIG) and parses every message.
/// </remarks>
internal sealed class SequentialTcpTransport(int port) : IClientTransport
{
    public ushort MaximumAllowedQuerySize => ushort.MaxValue;

    public bool SupportsReliableTransfer => true;

    public bool SupportsMulticastTransfer => false;

    public bool SupportsPooledConnections => false;

    public async Task<IClientConnection?> ConnectAsync(DnsClientEndpointInfo endpointInfo, int queryTimeout, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(endpointInfo);
        var client = new TcpClient(endpointInfo.DestinationAddress.AddressFamily) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(queryTimeout);
        try
        {
            await client.ConnectAsync(endpointInfo.DestinationAddress, port, timeout.Token).ConfigureAwait(false);
            return new Connection(this, client, queryTimeout);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            client.Dispose();
            return null;
        }
    }

    public Task<IClientConnection?> GetPooledConnectionAsync(DnsClientEndpointInfo endpointInfo, CancellationToken token = default) =>
        Task.FromResult<IClientConnection?>(null);

    public void Dispose()
    {
    }

    private sealed class Connection(SequentialTcpTransport transport, TcpClient client, int queryTimeout) : IClientConnection
    {
        private readonly NetworkStream _stream = client.GetStream();

        public IClientTransport Transport => transport;

        public bool IsFaulty { get; private set; }

        public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
        {
            ArgumentNullException.ThrowIfNull(package);
            using var timeout = Timeout(token);
            try
            {
                await _stream.WriteAsync(package.ToArraySegment(includeLengthHeader: true), timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                IsFaulty = true;
                return false;
            }
        }

        /// <summary>The next message on the stream with this ID (each read gets the whole query timeout).</summary>
        public async Task<DnsReceivedRawPackage?> ReceiveAsync(DnsMessageIdentification identification, CancellationToken token = default)
        {
            ArgumentNullException.ThrowIfNull(identification);
            while (!IsFaulty)
            {
                using var timeout = Timeout(token);
                try
                {
                    var header = new byte[2];
                    await _stream.ReadExactlyAsync(header, timeout.Token).ConfigureAwait(false);
                    var length = (header[0] << 8) | header[1];
                    var buffer = new byte[length + 2];
                    header.CopyTo(buffer, 0);
                    await _stream.ReadExactlyAsync(buffer.AsMemory(2, length), timeout.Token).ConfigureAwait(false);
                    var package = new DnsReceivedRawPackage(buffer, (IPEndPoint)client.Client.RemoteEndPoint!, (IPEndPoint)client.Client.LocalEndPoint!);
                    if (package.MessageIdentification.Equals(identification))
                    {
                        return package;
                    }
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
                {
                    IsFaulty = true;
                }
            }

            return null;
        }

        public void RestartIdleTimeout(TimeSpan? timeout)
        {
        }

        public void MarkFaulty() => IsFaulty = true;

        public void Dispose() => client.Dispose();

        private CancellationTokenSource Timeout(CancellationToken token)
        {
            var source = CancellationTokenSource.CreateLinkedTokenSource(token);
            source.CancelAfter(queryTimeout);
            return source;
        }
    }
}
