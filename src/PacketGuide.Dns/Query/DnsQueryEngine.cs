using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PacketGuide.Dns.Query;

/// <summary>
/// Many questions in flight to one server: several UDP sockets, each with a receive loop that matches answers to
/// pending queries by transaction id and question; a bounded window; per-attempt timeouts with retries; TCP when an
/// answer is truncated. ARSoft.Tools.Net encodes and decodes the messages; the engine owns only the transport (the
/// 2-byte id and the TCP length prefix). Built for <c>pguide dns validate</c>, which asks a zone's server about every
/// name it holds (docs/benchmarks.md, "Query engine for dns validate").
/// </summary>
public sealed class DnsQueryEngine : IAsyncDisposable
{
    private readonly DnsQueryEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IPEndPoint _endpoint;
    private readonly Socket[] _sockets;
    private readonly PendingQueryTable[] _tables;
    private readonly Task[] _receivers;
    private readonly DnsQueryEncoder[] _encoders;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private readonly long _timeoutTicks;
    private readonly long _minimumRetryTicks;
    private long _smoothedRtt;
    private long _rttVariation;
    private int _nextSocket;
    private int _ticking;
    private int _disposed;
    private long _sent;
    private long _answered;
    private long _timedOut;
    private long _retried;
    private long _tcpRetries;
    private long _failed;
    private long _unmatched;

    /// <summary>Opens the sockets (ephemeral ports, connected to <paramref name="server"/>) and starts their receive loops.</summary>
    public DnsQueryEngine(DnsServer server, DnsQueryEngineOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _options = options ?? new DnsQueryEngineOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        Server = server;
        _endpoint = new IPEndPoint(server.Address, server.Port);
        _window = new SemaphoreSlim(_options.Window, _options.Window);
        _timeoutTicks = (long)(_options.Timeout.TotalSeconds * _time.TimestampFrequency);
        _minimumRetryTicks = Math.Min(_timeoutTicks, (long)(_options.MinimumRetryTimeout.TotalSeconds * _time.TimestampFrequency));
        _sockets = new Socket[_options.Sockets];
        _tables = new PendingQueryTable[_options.Sockets];
        _receivers = new Task[_options.Sockets];
        _encoders = new DnsQueryEncoder[_options.Sockets];
        for (var i = 0; i < _sockets.Length; i++)
        {
            _tables[i] = new PendingQueryTable();
            _encoders[i] = new DnsQueryEncoder(_options.Recursion, _options.UdpPayloadSize);
            _sockets[i] = Open(_endpoint);
        }

        for (var i = 0; i < _sockets.Length; i++)
        {
            _receivers[i] = StartReceiveThread(_sockets[i], _tables[i], i);
        }

        var tick = TimeSpan.FromTicks(Math.Clamp(Math.Min(_options.Timeout.Ticks, _options.MinimumRetryTimeout.Ticks) / 2,
            TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 50));
        _timer = _time.CreateTimer(static state => ((DnsQueryEngine)state!).OnTick(), this, tick, tick);
    }

    public DnsServer Server { get; }

    public DnsQueryEngineCounters Counters => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _answered), Interlocked.Read(ref _timedOut),
        Interlocked.Read(ref _retried), Interlocked.Read(ref _tcpRetries), Interlocked.Read(ref _failed), Interlocked.Read(ref _unmatched));

    /// <summary>Asks one question (waiting for a free place in the window first).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid domain name.</exception>
    public async Task<DnsAnswer> QueryAsync(string name, ushort type, bool dnssecOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AskAsync(name, type, dnssecOk, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _window.Release();
        }
    }

    /// <summary>
    /// The bulk path: asks every question, keeping the window full, and hands each answer to <paramref name="onAnswer"/>
    /// as it comes (not in question order; <see cref="DnsAnswer.Index"/> is the question's place in the sequence). The
    /// callback runs on the engine's receive threads, one call at a time, and must be quick: while it runs, that socket
    /// does not read. A name that is not a valid domain name gives a <see cref="DnsAnswerStatus.Failed"/> answer.
    /// Cancelling stops asking and stops the callbacks (none runs after this returns); queries in flight are then
    /// left to their timeouts.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <remarks>An exception thrown by the callback stops the run and is rethrown here.</remarks>
    public async Task QueryEachAsync(IEnumerable<(string Name, ushort Type)> questions, bool dnssecOk, Action<DnsAnswer> onAnswer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(onAnswer);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var run = new BulkQueryRun(questions, dnssecOk, onAnswer, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var feeding = FeedAsync(run, stop.Token);
        try
        {
            await run.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            run.Stop();
            await stop.CancelAsync().ConfigureAwait(false);
            await feeding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Asks every question, keeping the window full, and yields the answers as they come (not in question order; each
    /// carries its question). A name that is not a valid domain name gives a <see cref="DnsAnswerStatus.Failed"/> answer.
    /// </summary>
    public IAsyncEnumerable<DnsAnswer> QueryManyAsync(IEnumerable<(string Name, ushort Type)> questions, bool dnssecOk = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return Iterate(questions, dnssecOk, cancellationToken);
    }

    /// <summary>Asks every question and returns all answers, in question order.</summary>
    public async Task<IReadOnlyList<DnsAnswer>> QueryAllAsync(IReadOnlyList<(string Name, ushort Type)> questions, bool dnssecOk = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var answers = new DnsAnswer[questions.Count];
        await QueryEachAsync(questions, dnssecOk, answer => answers[answer.Index] = answer, cancellationToken).ConfigureAwait(false);
        return answers;
    }

    private async IAsyncEnumerable<DnsAnswer> Iterate(IEnumerable<(string Name, ushort Type)> questions, bool dnssecOk,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<DnsAnswer>(new UnboundedChannelOptions { SingleReader = true });
        var running = RunIntoAsync(channel.Writer);
        try
        {
            await foreach (var answer in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return answer;
            }
        }
        finally
        {
            // The consumer stopped early (or everything is done): stop asking, cancel what is in flight.
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        cancellationToken.ThrowIfCancellationRequested();

        async Task RunIntoAsync(ChannelWriter<DnsAnswer> writer)
        {
            try
            {
                await QueryEachAsync(questions, dnssecOk, answer => writer.TryWrite(answer), stop.Token).ConfigureAwait(false);
                writer.TryComplete();
            }
            catch (Exception ex)
            {
                writer.TryComplete(ex);
            }
        }
    }

    /// <summary>
    /// Fills the window for a bulk run: takes a place, sends the next question in it, until the questions run out. Once
    /// the window is full the run keeps itself going from the delivering threads (<see cref="Complete"/>).
    /// </summary>
    private async Task FeedAsync(BulkQueryRun run, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (!_window.Wait(0, CancellationToken.None))
                {
                    await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!TryFill(run, NextSocket()))
                {
                    _window.Release();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped or disposed: queries already sent finish (answer, timeout or disposal) and free their places.
        }
        finally
        {
            run.FeederDone();
        }
    }

    /// <summary>
    /// Sends the run's next question in a place of the window this thread holds; false when the run has no more (the
    /// caller then frees the place). A question that cannot be encoded is answered as failed at once and the next taken.
    /// </summary>
    private bool TryFill(BulkQueryRun run, int socket)
    {
        while (_disposed == 0 && run.TryTake(out var question))
        {
            PendingQuery query;
            try
            {
                var packet = _encoders[socket].Encode(question.Name, question.Type, run.DnssecOk);
                query = new PendingQuery(question.Name, question.Type, run.DnssecOk, packet) { Run = run, Index = question.Index };
            }
            catch (ArgumentException ex)
            {
                Interlocked.Increment(ref _failed);
                run.Deliver(new DnsAnswer
                {
                    Name = question.Name, Type = question.Type, DnssecOk = run.DnssecOk, Index = question.Index, Status = DnsAnswerStatus.Failed, Error = ex.Message,
                });
                continue;
            }

            Start(query, socket);
            return true;
        }

        return false;
    }

    private int NextSocket() => (int)((uint)Interlocked.Increment(ref _nextSocket) % (uint)_sockets.Length);

    /// <summary>Records the query as pending on its socket and sends its first attempt.</summary>
    private void Start(PendingQuery query, int socket)
    {
        query.Socket = socket;
        query.Attempts = 1;
        query.FirstSent = query.LastSent = _time.GetTimestamp();
        _tables[socket].Add(query);
        Interlocked.Increment(ref _sent);
        if (_disposed != 0 && _tables[socket].Remove(query))
        {
            // Disposal emptied the tables while this was being added: nothing will answer it now.
            Fail(query, DnsAnswerStatus.Failed, "the query engine was disposed before the answer came");
            return;
        }

        Send(query);
    }

    /// <summary>Sends one question on the next socket and waits for its answer, its timeout or cancellation.</summary>
    private async Task<DnsAnswer> AskAsync(string name, ushort type, bool dnssecOk, CancellationToken cancellationToken)
    {
        var socket = NextSocket();
        var packet = _encoders[socket].Encode(name, type, dnssecOk);
        var query = new PendingQuery(name, type, dnssecOk, packet)
        {
            Completion = new TaskCompletionSource<DnsAnswer>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        Start(query, socket);
        var table = _tables[socket];
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static (state, token) =>
            {
                var (q, t) = ((PendingQuery, PendingQueryTable))state!;
                if (t.Remove(q))
                {
                    q.Completion!.TrySetCanceled(token);
                }
            }, (query, table))
            : default;
        return await query.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// One datagram, sent synchronously from whichever thread has the query (a UDP send does not wait for the server; on
    /// loopback the kernel delivers it to the server's socket within the call).
    /// </summary>
    private void Send(PendingQuery query)
    {
        try
        {
            // An error (an ICMP port unreachable left by an earlier datagram, no route) is left to the timeout and retries.
            _sockets[query.Socket].Send(query.Packet.AsSpan(), SocketFlags.None, out _);
        }
        catch (ObjectDisposedException)
        {
            // Disposed: DisposeAsync completes the query.
        }
    }

    /// <summary>
    /// One thread per socket blocked in receive: cheaper per datagram than the asynchronous socket path (no event-loop
    /// hand-off and thread-pool dispatch per answer), which is what a full window of small answers is made of.
    /// </summary>
    private Task StartReceiveThread(Socket socket, PendingQueryTable table, int index)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(socket, table);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"pguide-dns-rx-{index}",
        };
        thread.Start();
        return done.Task;
    }

    private void ReceiveLoop(Socket socket, PendingQueryTable table)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = socket.Receive(buffer, SocketFlags.None);
                }
                catch (SocketException) when (!_stopping.IsCancellationRequested)
                {
                    continue; // a connected UDP socket reports an earlier ICMP port unreachable here
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                    break; // disposed: closing the socket ends the blocking receive
                }

                OnDatagram(table, new ArraySegment<byte>(buffer, 0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Matches a datagram to its query: the id finds it, the question (compared as bytes) must be the one asked, and only
    /// then is the answer decoded; anything else is dropped.
    /// </summary>
    private void OnDatagram(PendingQueryTable table, ArraySegment<byte> datagram)
    {
        var query = datagram.Count >= 12 ? table.Find(BinaryPrimitives.ReadUInt16BigEndian(datagram)) : null;
        var message = query is not null && query.IsAnsweredBy(datagram) ? DnsAnswerDecoder.TryParse(datagram) : null;
        if (query is null || message is null)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        if (!table.Remove(query))
        {
            return; // timed out or cancelled a moment ago
        }

        if (message.IsTruncated && _options.TcpOnTruncation)
        {
            Interlocked.Increment(ref _tcpRetries);
            _ = AskOverTcpAsync(query);
            return;
        }

        var now = _time.GetTimestamp();
        if (query.Attempts == 1)
        {
            SampleRoundTrip(now - query.FirstSent); // Karn: a retried query's round trip is ambiguous
        }

        Complete(query, DnsAnswerDecoder.ToAnswer(query, message, "udp", _time.GetElapsedTime(query.FirstSent, now)));
    }

    /// <summary>RFC 6298's smoothed round trip and variation (gains 1/8 and 1/4); races between receive loops only blur a sample.</summary>
    private void SampleRoundTrip(long rtt)
    {
        var smoothed = Volatile.Read(ref _smoothedRtt);
        if (smoothed == 0)
        {
            Volatile.Write(ref _rttVariation, rtt / 2);
            Volatile.Write(ref _smoothedRtt, Math.Max(1, rtt));
            return;
        }

        var variation = Volatile.Read(ref _rttVariation);
        Volatile.Write(ref _rttVariation, variation + ((Math.Abs(smoothed - rtt) - variation) / 4));
        Volatile.Write(ref _smoothedRtt, Math.Max(1, smoothed + ((rtt - smoothed) / 8)));
    }

    /// <summary>How long an attempt that is not the last waits: the timeout until a round trip was measured, then the RTO.</summary>
    private long RetryTicks()
    {
        var smoothed = Volatile.Read(ref _smoothedRtt);
        return smoothed == 0
            ? _timeoutTicks
            : Math.Clamp(smoothed + (4 * Volatile.Read(ref _rttVariation)), _minimumRetryTicks, _timeoutTicks);
    }

    /// <summary>The same query over one TCP connection of its own (RFC 7766 length prefix), after a truncated UDP answer.</summary>
    private async Task AskOverTcpAsync(PendingQuery query)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        try
        {
            using var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(_endpoint, linked.Token).ConfigureAwait(false);
            var frame = new byte[query.Packet.Count + 2];
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)query.Packet.Count);
            query.Packet.CopyTo(frame, 2);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(frame, linked.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            await stream.ReadExactlyAsync(prefix, linked.Token).ConfigureAwait(false);
            var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(body, linked.Token).ConfigureAwait(false);
            var message = body.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(body) == query.Id && query.IsAnsweredBy(body) ? DnsAnswerDecoder.TryParse(body) : null;
            if (message is null)
            {
                Fail(query, DnsAnswerStatus.Failed, "the TCP answer could not be decoded or was not for this question");
                return;
            }

            Complete(query, DnsAnswerDecoder.ToAnswer(query, message, "udp+tcp", _time.GetElapsedTime(query.FirstSent)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Fail(query, DnsAnswerStatus.TimedOut, $"truncated over UDP and no TCP answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            Fail(query, DnsAnswerStatus.Failed, $"truncated over UDP, then TCP failed: {ex.Message}");
        }
    }

    private void Complete(PendingQuery query, DnsAnswer answer)
    {
        Interlocked.Increment(ref _answered);
        Deliver(query, answer);
    }

    private void Fail(PendingQuery query, DnsAnswerStatus status, string error)
    {
        Interlocked.Increment(ref status == DnsAnswerStatus.TimedOut ? ref _timedOut : ref _failed);
        Deliver(query, DnsAnswerDecoder.Unanswered(query, status, error, _time.GetElapsedTime(query.FirstSent)));
    }

    /// <summary>
    /// Hands the answer over (once: only whoever removed the query from its table delivers). A bulk run's place in the
    /// window goes straight to its next question, sent on the same socket from this thread.
    /// </summary>
    private void Deliver(PendingQuery query, DnsAnswer answer)
    {
        if (query.Run is not { } run)
        {
            query.Completion?.TrySetResult(answer);
            return;
        }

        run.Deliver(answer);
        if (!TryFill(run, query.Socket) && _disposed == 0)
        {
            try
            {
                _window.Release();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the window is gone with the engine.
            }
        }
    }

    /// <summary>Resends what waited its retry time (same id), or gives up on it when its last attempt waited the whole timeout.</summary>
    private void OnTick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            var retryTicks = RetryTicks();
            foreach (var table in _tables)
            {
                foreach (var query in table.SentBefore(now - retryTicks))
                {
                    if (query.Attempts > _options.Retries && query.LastSent > now - _timeoutTicks)
                    {
                        continue; // the last attempt gets the whole timeout
                    }

                    if (query.Attempts <= _options.Retries)
                    {
                        query.Attempts++;
                        query.LastSent = now;
                        Interlocked.Increment(ref _retried);
                        Send(query);
                    }
                    else if (table.Remove(query))
                    {
                        Fail(query, DnsAnswerStatus.TimedOut,
                            $"no answer from {Server} after {query.Attempts} attempt(s) of {_options.Timeout.TotalSeconds:0.###} s");
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private static Socket Open(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Bursts of answers to a full window must not overflow the default buffer.
            socket.ReceiveBufferSize = 1 << 20;
            var local = IPAddress.IsLoopback(server.Address)
                ? server.Address
                : server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(local, 0));
            // Connected: the kernel drops datagrams from any other address or port.
            socket.Connect(server);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_receivers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var table in _tables)
        {
            foreach (var query in table.RemoveAll())
            {
                if (query.Run is null)
                {
                    query.Abandon(new ObjectDisposedException(nameof(DnsQueryEngine)));
                }
                else
                {
                    // A bulk run completes only when every question it sent was delivered.
                    Fail(query, DnsAnswerStatus.Failed, "the query engine was disposed before the answer came");
                }
            }
        }

        _window.Dispose();
        _stopping.Dispose();
    }
}
