using System.Text;

namespace PacketGuide.Dhcp.Config;

/// <summary>Reads configuration files with the limits every reader shares: size, include depth, cycles, text decoding.</summary>
internal sealed class ConfigText
{
    /// <summary>Largest total of bytes read across a file and its includes.</summary>
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    /// <summary>Deepest include chain.</summary>
    public const int MaxIncludeDepth = 32;

    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<string> _stack = [];
    private long _total;

    public List<string> Files { get; } = [];

    /// <summary>Resolves an include path relative to the including file's directory.</summary>
    public static string Resolve(string includingFile, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(includingFile) ?? ".", path));

    /// <summary>
    /// Reads <paramref name="path"/> as text and pushes it on the include stack (call <see cref="Leave"/> afterwards).
    /// Bytes that are not UTF-8 become U+FFFD and give a warning rather than an error: only names and addresses matter here.
    /// </summary>
    public string Enter(string path, ConfigLocation? includedFrom, Action<ConfigLocation, string> warn)
    {
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
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw new DhcpConfigException(here, includedFrom is null ? $"file not found: {full}" : $"included file not found: {full}");
            }

            _total += info.Length;
            if (_total > MaxTotalBytes)
            {
                throw new DhcpConfigException(here, $"configuration is larger than {MaxTotalBytes / (1024 * 1024)} MiB with its includes; refusing to read {full}");
            }

            bytes = File.ReadAllBytes(full);
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
