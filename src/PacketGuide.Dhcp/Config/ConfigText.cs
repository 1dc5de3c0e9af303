using System.Text;

namespace PacketGuide.Dhcp.Config;

/// <summary>Reads configuration files with the limits every reader shares: size, include depth, cycles, text decoding.</summary>
internal sealed class ConfigText(CancellationToken cancellationToken = default)
{
    /// <summary>Largest total of bytes read across a file and its includes.</summary>
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    /// <summary>Deepest include chain.</summary>
    public const int MaxIncludeDepth = 32;

    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<string> _stack = [];
    private long _total;

    public List<string> Files { get; } = [];

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Resolves an include path relative to the including file's directory.</summary>
    public static string Resolve(string includingFile, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(includingFile) ?? ".", path));

    /// <summary>
    /// Reads <paramref name="path"/> as text and pushes it on the include stack (call <see cref="Leave"/> afterwards).
    /// Bytes that are not UTF-8 become U+FFFD and give a warning rather than an error: only names and addresses matter here.
    /// </summary>
    public string Enter(string path, ConfigLocation? includedFrom, Action<ConfigLocation, string> warn)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(path);
        var here = includedFrom ?? new ConfigLocation(path, 0, 0);
        if (_stack.Contains(full, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", _stack.Append(full));
            throw new DhcpConfigException(here, $"include cycle: {chain}");
        }

        if (_stack.Count >= MaxIncludeDepth)
        {
            throw new DhcpConfigException(here, $"includes nested deeper than {MaxIncludeDepth}");
        }

        byte[] bytes;
        try
        {
            if (!File.Exists(full))
            {
                throw new DhcpConfigException(here, includedFrom is null ? $"file not found: {full}" : $"included file not found: {full}");
            }

            // Bounded read: a device or pipe (/dev/zero, a FIFO) reports no length and never ends.
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            var budget = MaxTotalBytes - _total;
            using var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, budget - buffer.Length + 1))) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > budget)
                {
                    throw new DhcpConfigException(here,
                        $"configuration is larger than {MaxTotalBytes / (1024 * 1024)} MiB with its includes; refusing to read {full}");
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            _total += buffer.Length;
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DhcpConfigException(here, $"cannot read {full}: {e.Message}", e);
        }

        _stack.Add(full);
        Files.Add(full);
        return Decode(bytes, path, warn);
    }

    public void Leave() => _stack.RemoveAt(_stack.Count - 1);

    public static string Decode(ReadOnlySpan<byte> bytes, string file, Action<ConfigLocation, string> warn)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes[..Math.Max(0, Math.Min(e.Index, bytes.Length))].Count((byte)'\n');
            warn(new ConfigLocation(file, line, 0), "bytes that are not UTF-8 (first one here) were replaced with U+FFFD");
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
