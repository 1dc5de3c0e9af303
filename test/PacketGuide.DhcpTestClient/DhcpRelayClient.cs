using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PacketGuide.DhcpTestClient;

/// <summary>
/// A DHCPv4 client that talks to a server the way a relay agent does: every message carries giaddr = the relay
/// address, is sent from relayAddress:localPort, and the server unicasts its reply back to that address and port
/// (Kea: giaddr:&lt;its -P port&gt;; ISC dhcpd: giaddr:67). Exchanges are sequential; replies are matched by xid and
/// chaddr, and anything else that arrives (late replies to earlier exchanges) is dropped.
/// </summary>
/// <remarks>
/// On Linux any 127.0.0.0/8 address can be bound without adding it to <c>lo</c>. Nothing here throws for a NAK or a
/// missing reply: those come back as <see cref="DhcpOutcome"/> values.
/// </remarks>
public sealed class DhcpRelayClient : IAsyncDisposable
{
    private static readonly IPEndPoint s_anyEndPoint = new(IPAddress.Any, 0);

    private readonly IPEndPoint _server;
    private readonly IPAddress _relay;
    private readonly TimeSpan _timeout;
    private readonly int _localPort;
    private readonly int _clientPort;
    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[4096];
    private uint _nextTransactionId;

    /// <param name="serverEndpoint">Where the server listens (e.g. 127.0.0.1:6767 for Kea started with -p 6767).</param>
    /// <param name="relayAddress">giaddr; also the local address the socket binds to.</param>
    /// <param name="localPort">The local UDP port, where the server sends replies (Kea's -P port, or 67 for dhcpd).</param>
    /// <param name="counters">Counters to record into; shared between clients to get scenario totals.</param>
    /// <param name="timeout">How long to wait for a reply; 2 s when null.</param>
    /// <param name="firstTransactionId">The first xid; later transactions count up from it (deterministic logs).</param>
    /// <param name="clientPort">
    /// Where replies that servers unicast to ciaddr (the ACK of an INFORM) arrive: ISC dhcpd uses the client port 68,
    /// Kea its -P port. Defaults to <paramref name="localPort"/>; when it differs, INFORM opens a second socket on
    /// ciaddr:clientPort for the reply.
    /// </param>
    public DhcpRelayClient(
        IPEndPoint serverEndpoint,
        IPAddress relayAddress,
        int localPort,
        DhcpClientCounters? counters = null,
        TimeSpan? timeout = null,
        uint firstTransactionId = 0x00001001,
        int? clientPort = null)
    {
        ArgumentNullException.ThrowIfNull(serverEndpoint);
        ArgumentNullException.ThrowIfNull(relayAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(localPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, IPEndPoint.MaxPort);
        if (relayAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The relay address must be IPv4.", nameof(relayAddress));
        }

        if (clientPort is <= 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(clientPort), clientPort, "Not a UDP port number.");
        }

        _server = serverEndpoint;
        _relay = relayAddress;
        _localPort = localPort;
        _clientPort = clientPort ?? localPort;
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _nextTransactionId = firstTransactionId;
        Counters = counters ?? new DhcpClientCounters();

        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(new IPEndPoint(relayAddress, localPort));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>What this client (and any client sharing the instance) sent and received.</summary>
    public DhcpClientCounters Counters { get; }

    /// <summary>The relay address (giaddr) this client uses.</summary>
    public IPAddress RelayAddress => _relay;

    /// <summary>Sends a DISCOVER; returns the OFFER, or null when none arrived (counted as an allocation failure).</summary>
    public async Task<DhcpReply?> DiscoverAsync(PhysicalAddress mac, string? hostName = null, CancellationToken cancellationToken = default)
    {
        var result = await DiscoverCoreAsync(mac, hostName, NextTransactionId(), cancellationToken).ConfigureAwait(false);
        return result.Outcome == DhcpOutcome.Offer ? result.Reply : null;
    }

    /// <summary>Sends a SELECTING-state REQUEST (option 50 + option 54, ciaddr 0); expects ACK or NAK.</summary>
    public Task<DhcpExchangeResult> RequestSelectingAsync(
        PhysicalAddress mac,
        IPAddress offeredAddress,
        IPAddress serverIdentifier,
        string? hostName = null,
        CancellationToken cancellationToken = default) =>
        RequestSelectingCoreAsync(mac, offeredAddress, serverIdentifier, hostName, NextTransactionId(), cancellationToken);

    /// <summary>DISCOVER, OFFER, REQUEST, ACK (or NAK). The REQUEST reuses the xid of the DISCOVER, as RFC 2131 asks.</summary>
    public async Task<DoraResult> DoraAsync(PhysicalAddress mac, string? hostName = null, CancellationToken cancellationToken = default)
    {
        var xid = NextTransactionId();
        var discover = await DiscoverCoreAsync(mac, hostName, xid, cancellationToken).ConfigureAwait(false);
        if (discover.Outcome != DhcpOutcome.Offer || discover.Reply is null)
        {
            return new DoraResult(null, null);
        }

        var offer = discover.Reply;
        var serverId = offer.ServerIdentifier ?? _server.Address;
        var request = await RequestSelectingCoreAsync(mac, offer.YourAddress, serverId, hostName, xid, cancellationToken)
            .ConfigureAwait(false);
        return new DoraResult(offer, request);
    }

    /// <summary>Sends a RELEASE for <paramref name="address"/> (ciaddr = address, option 54). No reply is expected.</summary>
    public Task<DhcpExchangeResult> ReleaseAsync(
        PhysicalAddress mac,
        IPAddress address,
        IPAddress serverIdentifier,
        CancellationToken cancellationToken = default) =>
        SendOnlyAsync(
            new DhcpOutgoingMessage(
                DhcpMessageType.Release, NextTransactionId(), mac, _relay, ClientAddress: address, ServerIdentifier: serverIdentifier),
            cancellationToken);

    /// <summary>Sends a DECLINE for <paramref name="address"/> (ciaddr 0, option 50, option 54). No reply is expected.</summary>
    public Task<DhcpExchangeResult> DeclineAsync(
        PhysicalAddress mac,
        IPAddress address,
        IPAddress serverIdentifier,
        CancellationToken cancellationToken = default) =>
        SendOnlyAsync(
            new DhcpOutgoingMessage(
                DhcpMessageType.Decline, NextTransactionId(), mac, _relay, RequestedAddress: address, ServerIdentifier: serverIdentifier),
            cancellationToken);

    /// <summary>
    /// Sends an INFORM from a client that already has <paramref name="clientAddress"/>; expects an ACK. Servers unicast
    /// that ACK to ciaddr (not to giaddr), so <paramref name="clientAddress"/> must be an address of this host, normally
    /// the relay address itself; the reply is read on ciaddr:clientPort.
    /// </summary>
    public async Task<DhcpExchangeResult> InformAsync(
        PhysicalAddress mac,
        IPAddress clientAddress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        var message = new DhcpOutgoingMessage(DhcpMessageType.Inform, NextTransactionId(), mac, _relay, ClientAddress: clientAddress);
        if (clientAddress.Equals(_relay) && _clientPort == _localPort)
        {
            return await ExchangeAsync(message, cancellationToken).ConfigureAwait(false);
        }

        using var replySocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        replySocket.Bind(new IPEndPoint(clientAddress, _clientPort));
        return await ExchangeAsync(message, replySocket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends an INIT-REBOOT REQUEST (option 50, no option 54, ciaddr 0). An authoritative server NAKs an address that is
    /// not valid for the client; a non-authoritative one stays silent.
    /// </summary>
    public Task<DhcpExchangeResult> InitRebootRequestAsync(
        PhysicalAddress mac,
        IPAddress requestedAddress,
        CancellationToken cancellationToken = default) =>
        ExchangeAsync(
            new DhcpOutgoingMessage(DhcpMessageType.Request, NextTransactionId(), mac, _relay, RequestedAddress: requestedAddress),
            cancellationToken);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<DhcpExchangeResult> DiscoverCoreAsync(
        PhysicalAddress mac,
        string? hostName,
        uint xid,
        CancellationToken cancellationToken) =>
        ExchangeAsync(new DhcpOutgoingMessage(DhcpMessageType.Discover, xid, mac, _relay, HostName: hostName), cancellationToken);

    private Task<DhcpExchangeResult> RequestSelectingCoreAsync(
        PhysicalAddress mac,
        IPAddress offeredAddress,
        IPAddress serverIdentifier,
        string? hostName,
        uint xid,
        CancellationToken cancellationToken) =>
        ExchangeAsync(
            new DhcpOutgoingMessage(
                DhcpMessageType.Request, xid, mac, _relay,
                RequestedAddress: offeredAddress, ServerIdentifier: serverIdentifier, HostName: hostName),
            cancellationToken);

    private async Task<DhcpExchangeResult> SendOnlyAsync(DhcpOutgoingMessage message, CancellationToken cancellationToken)
    {
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return new DhcpExchangeResult(message.MessageType, message.TransactionId, DhcpOutcome.Sent, null);
    }

    private Task<DhcpExchangeResult> ExchangeAsync(DhcpOutgoingMessage message, CancellationToken cancellationToken) =>
        ExchangeAsync(message, _socket, cancellationToken);

    private async Task<DhcpExchangeResult> ExchangeAsync(
        DhcpOutgoingMessage message,
        Socket replySocket,
        CancellationToken cancellationToken)
    {
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var reply = await ReceiveAsync(replySocket, message, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            Counters.RecordNoReply(message.MessageType);
            return new DhcpExchangeResult(message.MessageType, message.TransactionId, DhcpOutcome.NoReply, null);
        }

        Counters.RecordReceived(reply.MessageType);
        var outcome = reply.MessageType switch
        {
            DhcpMessageType.Offer => DhcpOutcome.Offer,
            DhcpMessageType.Ack => DhcpOutcome.Ack,
            DhcpMessageType.Nak => DhcpOutcome.Nak,
            _ => DhcpOutcome.Other,
        };
        return new DhcpExchangeResult(message.MessageType, message.TransactionId, outcome, reply);
    }

    private async Task SendAsync(DhcpOutgoingMessage message, CancellationToken cancellationToken)
    {
        var packet = DhcpPacket.Encode(message);
        await _socket.SendToAsync(packet, SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
        Counters.RecordSent(message.MessageType, message.ClientHardwareAddress);
    }

    private async Task<DhcpReply?> ReceiveAsync(Socket socket, DhcpOutgoingMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, s_anyEndPoint, timeout.Token)
                        .ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue; // ICMP port unreachable from an earlier send; keep waiting.
                }

                var reply = DhcpPacket.TryDecodeReply(_receiveBuffer.AsSpan(0, received.ReceivedBytes), out var chaddr);
                if (reply is not null && reply.TransactionId == request.TransactionId &&
                    request.ClientHardwareAddress.Equals(chaddr))
                {
                    return reply;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private uint NextTransactionId() => _nextTransactionId++;
}
