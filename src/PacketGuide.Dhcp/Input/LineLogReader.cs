using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Input;

/// <summary>
/// Reads a line-oriented DHCP log. Regular files are cut into chunks parsed on all cores and handed back in file
/// order; each chunk first re-reads a little of the text before it (without counting it) so that Kea's multi-line
/// packets are correlated exactly as a single pass would. Streams (stdin, gzip) are parsed in one pass. Lines longer
/// than <see cref="DhcpParseOptions.MaxLineLength"/> are counted and skipped without being buffered whole, so a
/// 2 GB line costs no more memory than a short one.
/// </summary>
internal sealed class LineLogReader(LogSource source, DhcpParseOptions options, bool collectEvents)
{
    /// <summary>Text re-read before each chunk to rebuild correlation state.</summary>
    internal const int WarmupBytes = 64 * 1024;

    /// <summary>Text read past a chunk's end for its last line; a longer last line costs a second read.</summary>
    internal const int TailBytes = 16 * 1024;

    private const int StreamBatchBytes = 4 << 20;
    private const int ExampleBytes = 200;

    public async IAsyncEnumerable<ChunkResult> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var chunkSize = Math.Max(options.ChunkSize, 64 * 1024);
        var parallelism = Math.Max(1, options.Parallelism ?? Environment.ProcessorCount);
        var bufferSize = (int)Math.Min(length, WarmupBytes + chunkSize + TailBytes);

        // A task returns its worker before it completes, and at most `parallelism` tasks are in flight, so this
        // creates at most `parallelism` workers.
        var workers = new List<ChunkWorker>();
        var idle = new ConcurrentStack<ChunkWorker>();
        var inFlight = new Queue<Task<ChunkResult>>();
        try
        {
            for (long start = 0; start < length || (start == 0 && length == 0); start += chunkSize)
            {
                if (inFlight.Count >= parallelism)
                {
                    yield return await inFlight.Dequeue().ConfigureAwait(false);
                }

                if (!idle.TryPop(out var worker))
                {
                    worker = new ChunkWorker(bufferSize);
                    workers.Add(worker);
                }

                var chunkStart = start;
                var chunkEnd = Math.Min(length, start + chunkSize);
                inFlight.Enqueue(Task.Run(
                    () =>
                    {
                        try
                        {
                            return ParseChunk(worker, handle, length, chunkStart, chunkEnd, cancellationToken);
                        }
                        finally
                        {
                            idle.Push(worker);
                        }
                    },
                    cancellationToken));
                if (length == 0)
                {
                    break;
                }
            }

            while (inFlight.Count > 0)
            {
                yield return await inFlight.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // On early exit, let running chunks finish before the handle closes.
            foreach (var task in inFlight)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        foreach (var worker in workers)
        {
            yield return ClientsOf(worker.Clients);
        }
    }

    /// <summary>
    /// Parses the lines that start in [<paramref name="start"/>, <paramref name="end"/>). Distinct clients go to the
    /// worker's set, reported once by <see cref="ReadFileAsync"/> after the last chunk.
    /// </summary>
    internal ChunkResult ParseChunk(ChunkWorker worker, SafeFileHandle handle, long length, long start, long end,
        CancellationToken cancellationToken)
    {
        var (sink, summary, events) = NewSink(worker.Clients);
        worker.Window.Clear();
        var parser = new DhcpLogLineParser(source, sink, worker.Window);
        var maxLine = options.MaxLineLength;
        var readStart = Math.Max(0, start - WarmupBytes);
        var readEnd = Math.Min(length, end + TailBytes);
        byte[]? longer = null;
        try
        {
            var filled = FileRange.Read(handle, worker.Buffer.AsSpan(0, (int)(readEnd - readStart)), readStart);
            var data = worker.Buffer.AsSpan(0, filled);
            var endIndex = (int)(end - readStart);
            if (readStart + filled < length && LastLineRunsPastBuffer(data, endIndex, maxLine))
            {
                // Rare: the chunk's last line is longer than the tail read with it. Read up to MaxLineLength of it.
                var fullEnd = (int)(Math.Min(length, end + maxLine + 1) - readStart);
                longer = ArrayPool<byte>.Shared.Rent(fullEnd);
                data.CopyTo(longer);
                filled += FileRange.Read(handle, longer.AsSpan(filled, fullEnd - filled), readStart + filled);
                data = longer.AsSpan(0, filled);
            }

            var bufferEndsFile = readStart + filled >= length;

            // The first line this chunk owns starts right after the last newline before `start`.
            var owned = 0L;
            if (start > 0)
            {
                var searchFrom = (int)(start - 1 - readStart);
                var searchLength = (int)(end - start);
                var nl = data.Slice(searchFrom, Math.Min(searchLength, data.Length - searchFrom)).IndexOf((byte)'\n');
                if (nl < 0)
                {
                    return new ChunkResult(summary, events, 0);
                }

                owned = start + nl;
                parser.WarmUp(data[..(int)(owned - readStart)], startsMidLine: readStart > 0);
            }

            var pos = (int)(owned - readStart);
            long line = 0;
            while (pos < endIndex)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var window = data[pos..Math.Min(data.Length, pos + maxLine + 1)];
                var nl = window.IndexOf((byte)'\n');
                line++;
                if (nl >= 0)
                {
                    parser.Parse(window[..nl], line);
                    pos += nl + 1;
                    continue;
                }

                if (bufferEndsFile && data.Length - pos <= maxLine)
                {
                    parser.Parse(data[pos..], line);
                    break;
                }

                // Too long: count it, then look for its end within what we read; beyond that it is not ours.
                parser.TooLong(line, window[..Math.Min(window.Length, ExampleBytes)]);
                var after = data[(pos + window.Length)..].IndexOf((byte)'\n');
                if (after < 0)
                {
                    break;
                }

                pos += window.Length + after + 1;
            }

            return new ChunkResult(summary, events, parser.Lines);
        }
        finally
        {
            if (longer is not null)
            {
                ArrayPool<byte>.Shared.Return(longer);
            }
        }
    }

    /// <summary>
    /// True when the last line starting before <paramref name="endIndex"/> has no newline in <paramref name="data"/> and
    /// is not yet known to be too long, so more must be read to parse it.
    /// </summary>
    private static bool LastLineRunsPastBuffer(ReadOnlySpan<byte> data, int endIndex, int maxLine)
    {
        if (endIndex == 0 || data[endIndex - 1] == '\n')
        {
            return false;
        }

        var lastStart = data[..endIndex].LastIndexOf((byte)'\n') + 1;
        return data[lastStart..].IndexOf((byte)'\n') < 0 && data.Length - lastStart <= maxLine;
    }

    /// <summary>Parses a stream in one pass, yielding a batch about every 4 MB so events flow while reading.</summary>
    public async IAsyncEnumerable<ChunkResult> ReadStreamAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxLine = options.MaxLineLength;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(StreamBatchBytes, maxLine + 1) + (64 * 1024));
        var clients = new DistinctClientSet();
        var (sink, summary, events) = NewSink(clients);
        var parser = new DhcpLogLineParser(source, sink);
        var switchable = (SwitchableSink)sink;
        try
        {
            var filled = 0;
            var skipping = false; // inside a too-long line, discarding until its newline
            long line = 0;
            long batchStartLines = 0;
            var batchBytes = 0L;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                var eof = read == 0;
                filled += read;
                batchBytes += read;
                var pos = 0;
                while (pos < filled)
                {
                    var nl = buffer.AsSpan(pos, filled - pos).IndexOf((byte)'\n');
                    if (skipping)
                    {
                        if (nl < 0)
                        {
                            pos = filled;
                            break;
                        }

                        skipping = false;
                        pos += nl + 1;
                        continue;
                    }

                    if (nl < 0)
                    {
                        if (filled - pos > maxLine)
                        {
                            line++;
                            parser.TooLong(line - batchStartLines, buffer.AsSpan(pos, ExampleBytes));
                            skipping = true;
                            pos = filled;
                        }
                        else if (eof)
                        {
                            line++;
                            parser.Parse(buffer.AsSpan(pos, filled - pos), line - batchStartLines);
                            pos = filled;
                        }

                        break;
                    }

                    line++;
                    if (nl > maxLine)
                    {
                        parser.TooLong(line - batchStartLines, buffer.AsSpan(pos, ExampleBytes));
                    }
                    else
                    {
                        parser.Parse(buffer.AsSpan(pos, nl), line - batchStartLines);
                    }

                    pos += nl + 1;
                }

                // Keep the unfinished line at the front of the buffer.
                // (The buffer holds more than MaxLineLength, so a full buffer always contains a newline or a too-long line.)
                buffer.AsSpan(pos, filled - pos).CopyTo(buffer);
                filled -= pos;

                if (eof || batchBytes >= StreamBatchBytes)
                {
                    yield return new ChunkResult(summary, events, line - batchStartLines);
                    batchStartLines = line;
                    batchBytes = 0;
                    if (eof)
                    {
                        yield return ClientsOf(clients);
                        yield break;
                    }

                    (_, summary, events) = NewSink(clients, switchable);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The part that reports a worker's distinct clients, after its chunks.</summary>
    private ChunkResult ClientsOf(DistinctClientSet clients) =>
        new(SummaryBuilder.OfWorkerClients(source.Path, source.Range, clients), collectEvents ? [] : null, 0);

    private (ILineEventSink Sink, SummaryBuilder Summary, List<LeaseEvent>? Events) NewSink(DistinctClientSet clients, SwitchableSink? reuse = null)
    {
        var summary = new SummaryBuilder(source.Path, source.Range, options.ExamplesPerReason, clients);
        ILineEventSink inner = summary;
        List<LeaseEvent>? events = null;
        if (collectEvents)
        {
            var collector = new EventCollector(source.Path, source.Range, summary, options.AdditionalLeaseEvents);
            events = collector.Events;
            inner = collector;
        }

        var sink = reuse ?? new SwitchableSink();
        sink.Inner = inner;
        return (sink, summary, events);
    }

    /// <summary>Lets the single stream parser hand each batch to a fresh summary while keeping its correlation state.</summary>
    private sealed class SwitchableSink : ILineEventSink
    {
        public ILineEventSink Inner { get; set; } = null!;

        public void OnEvent(scoped in LineEvent e) => Inner.OnEvent(e);

        public void OnAdditionalLease(scoped in LineEvent e) => Inner.OnAdditionalLease(e);

        public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text) => Inner.OnUnparsed(reason, line, text);
    }
}
