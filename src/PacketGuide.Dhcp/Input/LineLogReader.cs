using System.Buffers;
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

    private const int StreamBatchBytes = 4 << 20;
    private const int ExampleBytes = 200;

    public async IAsyncEnumerable<ChunkResult> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var chunkSize = Math.Max(options.ChunkSize, 64 * 1024);
        var parallelism = Math.Max(1, options.Parallelism ?? Environment.ProcessorCount);
        var inFlight = new Queue<Task<ChunkResult>>();
        try
        {
            for (long start = 0; start < length || (start == 0 && length == 0); start += chunkSize)
            {
                if (inFlight.Count >= parallelism)
                {
                    yield return await inFlight.Dequeue().ConfigureAwait(false);
                }

                var chunkStart = start;
                var chunkEnd = Math.Min(length, start + chunkSize);
                inFlight.Enqueue(Task.Run(() => ParseChunk(handle, length, chunkStart, chunkEnd, cancellationToken), cancellationToken));
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
        }
    }

    /// <summary>Parses the lines that start in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    internal ChunkResult ParseChunk(SafeFileHandle handle, long length, long start, long end, CancellationToken cancellationToken)
    {
        var (sink, summary, events) = NewSink();
        var parser = new DhcpLogLineParser(source, sink);
        var maxLine = options.MaxLineLength;
        var readStart = Math.Max(0, start - WarmupBytes);
        var readEnd = Math.Min(length, end + maxLine + 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)(readEnd - readStart));
        try
        {
            var filled = ReadFully(handle, buffer, readStart, (int)(readEnd - readStart));
            var data = buffer.AsSpan(0, filled);
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
                Warm(parser, data, readStart, owned);
            }

            var pos = (int)(owned - readStart);
            var endIndex = (int)(end - readStart);
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
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a stream in one pass, yielding a batch about every 4 MB so events flow while reading.</summary>
    public async IAsyncEnumerable<ChunkResult> ReadStreamAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxLine = options.MaxLineLength;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(StreamBatchBytes, maxLine + 1) + (64 * 1024));
        var (sink, summary, events) = NewSink();
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
                        yield break;
                    }

                    (_, summary, events) = NewSink(switchable);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Warm(DhcpLogLineParser parser, ReadOnlySpan<byte> data, long readStart, long owned)
    {
        var warm = data[..(int)(owned - readStart)];
        if (readStart > 0)
        {
            var first = warm.IndexOf((byte)'\n');
            warm = first < 0 ? default : warm[(first + 1)..];
        }

        parser.Warmup = true;
        while (!warm.IsEmpty)
        {
            var nl = warm.IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            parser.Parse(warm[..nl], 0);
            warm = warm[(nl + 1)..];
        }

        parser.Warmup = false;
    }

    private (ILineEventSink Sink, SummaryBuilder Summary, List<LeaseEvent>? Events) NewSink(SwitchableSink? reuse = null)
    {
        var summary = new SummaryBuilder(source.Path, source.Range, options.ExamplesPerReason);
        ILineEventSink inner = summary;
        List<LeaseEvent>? events = null;
        if (collectEvents)
        {
            var collector = new EventCollector(source.Path, source.Range, summary);
            events = collector.Events;
            inner = collector;
        }

        var sink = reuse ?? new SwitchableSink();
        sink.Inner = inner;
        return (sink, summary, events);
    }

    private static int ReadFully(SafeFileHandle handle, byte[] buffer, long offset, int count)
    {
        var total = 0;
        while (total < count)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(total, count - total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Lets the single stream parser hand each batch to a fresh summary while keeping its correlation state.</summary>
    private sealed class SwitchableSink : ILineEventSink
    {
        public ILineEventSink Inner { get; set; } = null!;

        public void OnEvent(scoped in LineEvent e) => Inner.OnEvent(e);

        public void OnUnparsed(UnparsedReason reason, long line, ReadOnlySpan<byte> text) => Inner.OnUnparsed(reason, line, text);
    }
}
