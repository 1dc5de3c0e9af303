using System.IO.Compression;
using System.Runtime.CompilerServices;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp;

/// <summary>
/// Reads DHCP server logs, lease files and saved Kea API responses into one normalized event stream and a summary.
/// This is what <c>pguide dhcp parse</c> runs; <c>parse</c> is <c>tail</c> over a file that ends.
/// </summary>
public sealed class DhcpLogAnalyzer(TimeProvider timeProvider, Func<Stream> openStandardInput)
{
    public DhcpLogAnalyzer(TimeProvider timeProvider)
        : this(timeProvider, Console.OpenStandardInput)
    {
    }

    /// <summary>Reads every input and returns the summary.</summary>
    public async Task<DhcpLogSummary> SummarizeAsync(IReadOnlyList<DhcpInput> inputs, DhcpParseOptions options,
        CancellationToken cancellationToken = default)
    {
        var files = new List<FileAccumulator>();
        foreach (var input in inputs)
        {
            var file = new FileAccumulator(input, Range(options), options.ExamplesPerReason);
            files.Add(file);
            await foreach (var part in ReadInputAsync(input, options, collectEvents: false, file, cancellationToken).ConfigureAwait(false))
            {
                file.Add(part);
            }
        }

        return Build(files, options);
    }

    /// <summary>
    /// Streams events, merged in time order across inputs (each input in its own order). The summary of what was read
    /// is available from <see cref="DhcpParseRun.Summary"/> once the events have been enumerated.
    /// </summary>
    public DhcpParseRun ReadEvents(IReadOnlyList<DhcpInput> inputs, DhcpParseOptions options)
    {
        var files = inputs.Select(i => new FileAccumulator(i, Range(options), options.ExamplesPerReason)).ToList();
        var run = new DhcpParseRun();
        run.Events = Enumerate(run, files, inputs, options);
        return run;
    }

    private async IAsyncEnumerable<LeaseEvent> Enumerate(DhcpParseRun run, List<FileAccumulator> files, IReadOnlyList<DhcpInput> inputs,
        DhcpParseOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var streams = inputs.Select((input, i) => FileEventsAsync(input, options, files[i], cancellationToken)).ToList();
        await foreach (var e in TimeOrderedMerge.MergeAsync(streams, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }

        run.Summary = Build(files, options);
    }

    private async IAsyncEnumerable<LeaseEvent> FileEventsAsync(DhcpInput input, DhcpParseOptions options, FileAccumulator file,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var part in ReadInputAsync(input, options, collectEvents: true, file, cancellationToken).ConfigureAwait(false))
        {
            var offset = file.Add(part);
            foreach (var e in part.Events!)
            {
                yield return offset == 0 ? e : e with { Source = e.Source with { Line = e.Source.Line + offset } };
            }
        }
    }

    private async IAsyncEnumerable<ChunkResult> ReadInputAsync(DhcpInput input, DhcpParseOptions options, bool collectEvents,
        FileAccumulator file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream? stream = null;
        try
        {
            byte[] head;
            DateTime referenceUtc;
            if (input.IsStandardInput || input.IsGzip)
            {
                stream = Open(input);
                head = await ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
                stream = new PrefixedStream(head, stream);
                referenceUtc = input.IsStandardInput ? timeProvider.GetUtcNow().UtcDateTime : File.GetLastWriteTimeUtc(input.Path);
            }
            else
            {
                head = ReadFileHead(input.Path);
                referenceUtc = File.GetLastWriteTimeUtc(input.Path);
            }

            var format = options.Format != DhcpLogFormat.Auto ? options.Format
                : FormatDetector.Detect(head) ?? (head.Length == 0 ? DhcpLogFormat.Kea : throw Undetectable(input));
            file.Format = format;
            var source = Source(input, format, options, referenceUtc);
            if (format.IsLineLog())
            {
                var reader = new LineLogReader(source, options, collectEvents);
                var parts = stream is null ? reader.ReadFileAsync(input.Path, cancellationToken) : reader.ReadStreamAsync(stream, cancellationToken);
                await foreach (var part in parts.ConfigureAwait(false))
                {
                    yield return part;
                }

                yield break;
            }

            stream ??= File.OpenRead(input.Path);
            var document = new DocumentResult(new SummaryBuilder(source.Path, source.Range, options.ExamplesPerReason));
            await (format switch
            {
                DhcpLogFormat.KeaLease4 or DhcpLogFormat.KeaLease6 => new KeaLeaseCsvParser(source).ParseAsync(stream, document, cancellationToken),
                DhcpLogFormat.DhcpdLeases => new DhcpdLeasesParser(source).ParseAsync(stream, document, cancellationToken),
                _ => new KeaApiJsonParser(source).ParseAsync(stream, document, cancellationToken),
            }).ConfigureAwait(false);
            file.KeaSubnets.AddRange(document.KeaSubnets);
            foreach (var (name, value) in document.KeaStatistics)
            {
                file.KeaStatistics[name] = value;
            }

            yield return new ChunkResult(document.Summary, collectEvents ? document.Events : null, document.Lines);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Stream Open(DhcpInput input)
    {
        try
        {
            var raw = input.IsStandardInput ? openStandardInput() : File.OpenRead(input.Path);
            return input.IsGzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DhcpInputException($"{input.DisplayPath}: cannot open: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[FormatDetector.SniffBytes];
        var filled = 0;
        try
        {
            int read;
            while (filled < head.Length && (read = await stream.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DhcpInputException($"not a valid gzip file: {ex.Message}", ex);
        }

        return head[..filled];
    }

    private static byte[] ReadFileHead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[(int)Math.Min(FormatDetector.SniffBytes, RandomAccess.GetLength(handle))];
            return head[..FileRange.Read(handle, head, 0)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DhcpInputException($"{path}: cannot read: {ex.Message}", ex);
        }
    }

    private static DhcpInputException Undetectable(DhcpInput input) =>
        new($"{input.DisplayPath}: cannot tell what this file is (not a Kea or dhcpd log, lease file or Kea API JSON). " +
            $"If it is one, name the format with --format ({string.Join('|', DhcpLogFormats.Names)}).");

    private LogSource Source(DhcpInput input, DhcpLogFormat format, DhcpParseOptions options, DateTime referenceUtc) =>
        LogSource.Create(input.DisplayPath, input.IsStandardInput ? "stdin" : LogSource.ServerNameOf(input.Path), format, options,
            timeProvider.LocalTimeZone, referenceUtc);

    private static TimeRange Range(DhcpParseOptions options) => new(options.Since, options.Until);

    private static DhcpLogSummary Build(List<FileAccumulator> files, DhcpParseOptions options)
    {
        var total = new SummaryBuilder("", Range(options), options.ExamplesPerReason);
        var keaSubnets = new List<KeaSubnetStatistics>();
        var keaStatistics = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            total.MergeFrom(file.Summary, 0);
            keaSubnets.AddRange(file.KeaSubnets);
            foreach (var (name, value) in file.KeaStatistics)
            {
                keaStatistics[name] = value;
            }
        }

        static IReadOnlyList<GroupCounts> Groups(IReadOnlyDictionary<string, KindCounts> groups) =>
            groups.Select(g => new GroupCounts(g.Key, g.Value)).OrderByDescending(g => g.Events).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        return new DhcpLogSummary
        {
            Lines = files.Sum(f => f.Lines),
            Events = total.Events,
            OutOfRange = total.OutOfRange,
            ByKind = total.ByKind,
            Clients = total.Clients.Count,
            Unparsed = Enumerable.Range(0, UnparsedReasons.Count).ToDictionary(i => ((UnparsedReason)i).ToWireName(), i => total.Unparsed[i]),
            Files = files.Select(f => f.ToFileSummary()).ToList(),
            Servers = Groups(total.Servers),
            Subnets = Groups(total.Subnets),
            Via = Groups(total.Via),
            TopRefusedClients = total.Refusals.Values.OrderByDescending(c => c.Naks + c.Declines).ThenBy(c => c.Client, StringComparer.Ordinal)
                .Take(10).ToList(),
            AllocationFailureCount = total.AllocationFailureCount,
            AllocationFailures = total.AllocationFailures,
            UnparsedExamples = total.Examples,
            FirstEvent = total.First,
            LastEvent = total.Last,
            KeaSubnets = keaSubnets,
            KeaStatistics = keaStatistics,
        };
    }
}
