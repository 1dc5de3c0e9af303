namespace PacketGuide.Dns.Query;

/// <summary>
/// One bulk run of <see cref="DnsQueryEngine"/>: the questions still to ask and where the answers go. The thread that
/// delivers an answer (a receive loop, mostly) takes the run's next question and sends it in the place the answer freed,
/// so a full window stays full without a hand-off between threads per answer. Answers are handed over under the run's
/// lock: the callback never runs twice at once, and never after <see cref="Stop"/> returned.
/// </summary>
internal sealed class BulkQueryRun(IEnumerable<(string Name, ushort Type)> questions, bool dnssecOk, Action<DnsAnswer> onAnswer,
    CancellationToken cancellation = default)
{
    private readonly IEnumerator<(string Name, ushort Type)> _questions = questions.GetEnumerator();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;
    private bool _exhausted;
    private bool _stopped;
    private Exception? _failure;

    /// <summary>Questions taken and not yet delivered, plus one held by the feeder until it ends.</summary>
    private int _outstanding = 1;

    public bool DnssecOk { get; } = dnssecOk;

    /// <summary>Completes when every question taken was delivered and the feeder ended; faults when the callback threw.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The next question and its place in the run; false when there is none, or the run was stopped or cancelled.</summary>
    public bool TryTake(out (string Name, ushort Type, int Index) question)
    {
        lock (_lock)
        {
            if (!_exhausted && !_stopped && !cancellation.IsCancellationRequested)
            {
                try
                {
                    if (_questions.MoveNext())
                    {
                        var (name, type) = _questions.Current;
                        question = (name, type, _next++);
                        Interlocked.Increment(ref _outstanding); // Release decrements outside the lock
                        return true;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The caller's sequence threw: the run ends with its exception once what is in flight came back.
                    _failure ??= ex;
                }

                _exhausted = true;
                _questions.Dispose();
            }

            question = default;
            return false;
        }
    }

    /// <summary>Hands an answer to the callback (unless the run was stopped); a callback that throws stops the run.</summary>
    public void Deliver(DnsAnswer answer)
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                try
                {
                    onAnswer(answer);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _failure ??= ex;
                    _stopped = true;
                }
            }
        }

        Release();
    }

    /// <summary>No more questions are taken and no more answers handed over (the caller stopped waiting, or was cancelled).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    /// <summary>The feeder ended (every question taken, the run stopped, or the engine disposed).</summary>
    public void FeederDone() => Release();

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _failure) is { } failure)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
