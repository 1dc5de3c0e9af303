using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;
using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Follows every file that matches the patterns and writes what it reads, file by file and in order, to a bounded
/// channel (a slow reader of the channel makes the follower wait). Survives the rotations operators use:
/// <list type="bullet">
/// <item>rename + create: the renamed file is the same inode; it is read to its end through the open handle, under
/// its new name if the glob matches it, and the new file is read from its start;</item>
/// <item>copytruncate: the copy has the original's first line (fingerprint) and offsets; it is read only once the
/// original is truncated, from the offset the original had reached, so nothing is lost or read twice;</item>
/// <item>delete + recreate, a reused inode (the fingerprint differs), a file that shrinks, and a last line that is
/// completed later (only complete lines are read).</item>
/// </list>
/// Not thread-safe: one run at a time.
/// </summary>
internal sealed class LogFollower(FollowOptions options, TimeProvider time)
{
    private const int WarmupBytes = LineLogReader.WarmupBytes;
    private const int RetiredKept = 256;
    private static readonly string[] s_compressed = [".gz", ".xz", ".bz2", ".zst", ".lz4", ".zip"];

    private readonly Dictionary<FileIdentity, FollowedFile> _files = [];
    private readonly List<FollowCheckpoint> _retired = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private byte[] _buffer = [];

    /// <summary>
    /// Runs until cancelled. <paramref name="restored"/> are the checkpoints of an earlier run; with any, every file
    /// not among them is new since then and read from its start.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<FollowCheckpoint> restored, bool hadState, ChannelWriter<FollowBatch> output,
        CancellationToken cancellationToken)
    {
        _retired.AddRange(restored);
        // At least one line longer than the limit, so a full buffer without a newline is always a too-long line.
        _buffer = new byte[Math.Max(options.ReadBytes, options.Parse.MaxLineLength + 1)];
        var watchers = Watch();
        try
        {
            var startAtEnd = !options.FromStart && !hadState;
            Scan(startAtEnd);
            var lastScan = time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = false;
                foreach (var file in _files.Values.ToList())
                {
                    read |= await ReadAsync(file, output, cancellationToken).ConfigureAwait(false);
                }

                var now = time.GetUtcNow();
                if (now - lastScan >= options.PollInterval)
                {
                    Scan(startAtEnd: false);
                    await RetireAsync(output, now, cancellationToken).ConfigureAwait(false);
                    lastScan = now;
                }

                if (!read)
                {
                    await WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }

            foreach (var file in _files.Values)
            {
                file.Dispose();
            }

            _files.Clear();
        }
    }

    /// <summary>Finds new files, renames and replaced content.</summary>
    private void Scan(bool startAtEnd)
    {
        foreach (var file in _files.Values)
        {
            file.Matched = false;
        }

        var found = new List<(FollowedFile File, LineFingerprint Fingerprint)>();
        foreach (var path in Expand())
        {
            SafeFileHandle handle;
            FileIdentity identity;
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                identity = FileIdentity.Of(handle);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // vanished between listing and opening, or unreadable: tried again next scan
            }

            if (_files.TryGetValue(identity, out var known))
            {
                handle.Dispose();
                known.Path = path;
                known.Matched = true;
                continue;
            }

            var file = new FollowedFile(handle, identity, path) { LastActivity = time.GetUtcNow() };
            _files.Add(identity, file);
            if (LineFingerprint.TryRead(handle, out var fingerprint))
            {
                found.Add((file, fingerprint));
            }
        }

        // Files that are exactly what a checkpoint describes first, so that a copy found in the same scan cannot take
        // its original's checkpoint (after a restart between logrotate's copy and its truncate).
        foreach (var (file, fingerprint) in found.OrderBy(f => _retired.Exists(c => c.Identity == f.File.Identity && c.Fingerprint == f.Fingerprint) ? 0 : 1))
        {
            Identify(file, fingerprint, startAtEnd);
        }
    }

    /// <summary>Decides where a newly found file starts, once its first line is known.</summary>
    private void Identify(FollowedFile file, LineFingerprint fingerprint, bool startAtEnd)
    {
        file.Fingerprint = fingerprint;
        var original = _files.Values.FirstOrDefault(f => f != file && f.HasFingerprint && f.Fingerprint == fingerprint && f.ShadowOf is null);
        if (original is not null)
        {
            file.ShadowOf = original;
            return;
        }

        var saved = _retired.FindLast(c => c.Identity == file.Identity && c.Fingerprint == fingerprint)
            ?? _retired.FindLast(c => c.Fingerprint == fingerprint);
        if (saved is not null)
        {
            _retired.Remove(saved);
            Start(file, saved.Offset, saved.Line);
        }
        else if (startAtEnd)
        {
            Start(file, EndOfLastLine(file.Handle), line: 0);
        }
        else
        {
            Start(file, 0, 0);
        }
    }

    private void Start(FollowedFile file, long offset, long line)
    {
        file.Offset = offset;
        file.Line = line;
        file.ShadowOf = null;
        file.SkippingLongLine = false;
        var head = new byte[Math.Min(FormatDetector.SniffBytes, Math.Max(0, RandomAccess.GetLength(file.Handle)))];
        var filled = FileRange.Read(file.Handle, head, 0);
        var format = options.Parse.Format != DhcpLogFormat.Auto ? options.Parse.Format
            : FormatDetector.Detect(head.AsSpan(0, filled)) is { } detected && detected.IsLineLog() ? detected : DhcpLogFormat.Kea;
        var source = LogSource.Create(file.Path, LogSource.ServerNameOf(file.Path), format, options.Parse, time.LocalTimeZone,
            time.GetUtcNow().UtcDateTime);
        file.Sink = new TailSink(file, options.Parse.AdditionalLeaseEvents);
        file.Parser = new DhcpLogLineParser(source, file.Sink);
        if (offset > 0)
        {
            // Up to 64 KiB before the start, so Kea's multi-line packets correlate as in one pass.
            var from = Math.Max(0, offset - WarmupBytes);
            var before = new byte[(int)(offset - from)];
            file.Parser.WarmUp(before.AsSpan(0, FileRange.Read(file.Handle, before, from)), startsMidLine: from > 0);
        }
    }

    /// <summary>Reads what is new in one file and hands it on; true when anything was read.</summary>
    private async ValueTask<bool> ReadAsync(FollowedFile file, ChannelWriter<FollowBatch> output, CancellationToken cancellationToken)
    {
        if (file.ShadowOf is not null)
        {
            return false;
        }

        long length;
        try
        {
            length = RandomAccess.GetLength(file.Handle);
        }
        catch (IOException)
        {
            return false;
        }

        if (!file.HasFingerprint)
        {
            if (length == 0 || !LineFingerprint.TryRead(file.Handle, out var fingerprint))
            {
                return false;
            }

            Identify(file, fingerprint, startAtEnd: false);
            if (file.ShadowOf is not null)
            {
                return false;
            }
        }
        else if (length < file.Offset || !SameFirstLine(file))
        {
            // Truncated (copytruncate, or shrunk) or rewritten in place: what was read is gone from this file.
            await ReplacedAsync(file, output, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (length == file.Offset)
        {
            return false;
        }

        var filled = FileRange.Read(file.Handle, _buffer, file.Offset);
        var data = _buffer.AsSpan(0, filled);
        var consumed = 0;
        long lines = 0;
        var maxLine = options.Parse.MaxLineLength;
        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            var nl = rest.IndexOf((byte)'\n');
            if (file.SkippingLongLine)
            {
                consumed = nl < 0 ? data.Length : consumed + nl + 1;
                file.SkippingLongLine = nl < 0;
                continue;
            }

            if (nl < 0)
            {
                if (rest.Length > maxLine)
                {
                    lines++;
                    file.Parser!.TooLong(file.Line + lines, rest[..Math.Min(rest.Length, 200)]);
                    file.SkippingLongLine = true;
                    consumed = data.Length;
                }

                break;
            }

            lines++;
            file.Sink!.LineOffset = file.Offset + consumed;
            file.Sink.LineHash = StableHash.Of(rest[..nl]);
            if (nl > maxLine)
            {
                file.Parser!.TooLong(file.Line + lines, rest[..Math.Min(nl, 200)]);
            }
            else
            {
                file.Parser!.Parse(rest[..nl], file.Line + lines);
            }

            consumed += nl + 1;
        }

        if (consumed == 0)
        {
            return false;
        }

        file.Offset += consumed;
        file.Line += lines;
        file.LastActivity = time.GetUtcNow();
        var (events, unparsed, byReason) = file.Sink!.Take();
        await output.WriteAsync(new FollowBatch(file.Checkpoint, events, lines, unparsed) { UnparsedByReason = byReason }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool SameFirstLine(FollowedFile file) =>
        !LineFingerprint.TryRead(file.Handle, out var now) || now == file.Fingerprint;

    /// <summary>
    /// The content read so far was replaced. A copy with the same first line (copytruncate) takes over from the offset
    /// reached; the file itself starts again from its beginning.
    /// </summary>
    private async ValueTask ReplacedAsync(FollowedFile file, ChannelWriter<FollowBatch> output, CancellationToken cancellationToken)
    {
        HandOver(file);
        file.Fingerprint = default;
        file.Offset = 0;
        file.Line = 0;
        file.SkippingLongLine = false;
        file.Parser = null;
        file.Sink = null;

        // Tell the sinks (and the checkpoint) that this file starts over.
        await output.WriteAsync(new FollowBatch(file.Checkpoint, [], 0, 0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Passes a file's position to a copy waiting for it, or remembers it for a copy found later.</summary>
    private void HandOver(FollowedFile file)
    {
        var copy = _files.Values.FirstOrDefault(f => f.ShadowOf == file);
        if (copy is not null)
        {
            // A copy that ends before the offset reached has nothing left to read: its lines came from the original.
            Start(copy, Math.Min(file.Offset, RandomAccess.GetLength(copy.Handle)), file.Line);
            return;
        }

        _retired.Add(file.Checkpoint);
        if (_retired.Count > RetiredKept)
        {
            _retired.RemoveAt(0);
        }
    }

    /// <summary>Closes files that no pattern matches and that have been quiet, after reading any unfinished last line.</summary>
    private async ValueTask RetireAsync(ChannelWriter<FollowBatch> output, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var file in _files.Values.Where(f => !f.Matched && now - f.LastActivity >= options.RetireAfter).ToList())
        {
            if (file.HasFingerprint && file.ShadowOf is null)
            {
                // The writer has moved on: an unfinished last line is as complete as it will get.
                var tail = new byte[(int)Math.Min(options.Parse.MaxLineLength, Math.Max(0, RandomAccess.GetLength(file.Handle) - file.Offset))];
                var filled = FileRange.Read(file.Handle, tail, file.Offset);
                if (filled > 0 && !file.SkippingLongLine)
                {
                    file.Sink!.LineOffset = file.Offset;
                    file.Sink.LineHash = StableHash.Of(tail.AsSpan(0, filled));
                    file.Parser!.Parse(tail.AsSpan(0, filled), file.Line + 1);
                    file.Offset += filled;
                    file.Line++;
                    var (events, unparsed, byReason) = file.Sink.Take();
                    await output.WriteAsync(new FollowBatch(file.Checkpoint, events, 1, unparsed) { UnparsedByReason = byReason }, cancellationToken).ConfigureAwait(false);
                }

                HandOver(file);
            }

            _files.Remove(file.Identity);
            file.Dispose();
        }
    }

    private async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PollInterval);
        try
        {
            await _wake.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>inotify watchers on the patterns' directories: a write wakes the follower at once instead of at the next poll.</summary>
    private List<FileSystemWatcher> Watch()
    {
        var watchers = new List<FileSystemWatcher>();
        foreach (var directory in options.Patterns.Select(DirectoryOf).Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    InternalBufferSize = 64 * 1024,
                };
                watcher.Changed += (_, _) => _wake.Writer.TryWrite(true);
                watcher.Created += (_, _) => _wake.Writer.TryWrite(true);
                watcher.Renamed += (_, _) => _wake.Writer.TryWrite(true);
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // No inotify (limits reached, or a file system without it): the poll interval still applies.
            }
        }

        return watchers;
    }

    /// <summary>The files the patterns match now, without compressed rotations (they repeat content already read).</summary>
    private IEnumerable<string> Expand()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in options.Patterns)
        {
            var directory = DirectoryOf(pattern);
            var name = Path.GetFileName(pattern);
            IEnumerable<string> matches;
            if (name.AsSpan().IndexOfAny('*', '?') < 0)
            {
                matches = File.Exists(pattern) ? [pattern] : [];
            }
            else
            {
                try
                {
                    matches = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, name).Order(StringComparer.Ordinal).ToList() : [];
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    matches = [];
                }
            }

            foreach (var path in matches)
            {
                if (!s_compressed.Any(ext => path.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) && seen.Add(path))
                {
                    yield return path;
                }
            }
        }
    }

    private static string DirectoryOf(string pattern)
    {
        var directory = Path.GetDirectoryName(pattern);
        return string.IsNullOrEmpty(directory) ? "." : directory;
    }

    private static long EndOfLastLine(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        var buffer = new byte[(int)Math.Min(length, 64 * 1024)];
        var filled = FileRange.Read(handle, buffer, length - buffer.Length);
        var nl = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
        return nl < 0 ? length - filled : length - filled + nl + 1;
    }
}
