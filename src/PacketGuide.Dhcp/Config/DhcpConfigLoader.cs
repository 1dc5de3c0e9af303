using System.Text.Json;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Entry points: read a Kea or dhcpd configuration file (format sniffed or forced), or take the <c>arguments</c> of a
/// Kea <c>config-get</c> answer. Problems that leave the configuration usable become <see cref="DhcpServerConfig.Warnings"/>;
/// the rest throw <see cref="DhcpConfigException"/> naming file:line:column.
/// </summary>
public static class DhcpConfigLoader
{
    /// <summary>Reads <paramref name="path"/> and the files it includes, off the calling thread.</summary>
    public static Task<DhcpServerConfig> LoadAsync(string path, DhcpConfigFormat format = DhcpConfigFormat.Auto,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(() => Load(path, format, cancellationToken), cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="LoadAsync"/>.</summary>
    public static DhcpServerConfig Load(string path, DhcpConfigFormat format = DhcpConfigFormat.Auto) =>
        Load(path, format, CancellationToken.None);

    private static DhcpServerConfig Load(string path, DhcpConfigFormat format, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (format == DhcpConfigFormat.Auto)
        {
            format = Sniff(path);
        }

        return format == DhcpConfigFormat.Kea
            ? KeaConfigReader.LoadFile(path, cancellationToken)
            : DhcpdConfigReader.LoadFile(path, cancellationToken);
    }

    /// <summary>
    /// Builds the model from a Kea <c>config-get</c> answer: its <c>arguments</c> (<c>{ "Dhcp4": {...}, "hash": ... }</c>),
    /// the whole answer, or the control agent's one-element array. Locations are JSON paths.
    /// </summary>
    public static DhcpServerConfig FromKeaConfigGet(JsonElement arguments) => KeaConfigReader.FromConfigGet(arguments);

    /// <summary>
    /// Kea when the first thing that is not a comment is '{' or a &lt;?include?&gt;; dhcpd otherwise.
    /// Reads at most the first 64 KiB.
    /// </summary>
    public static DhcpConfigFormat Sniff(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] head;
        try
        {
            using var stream = File.OpenRead(path);
            head = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
            stream.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DhcpConfigException(new ConfigLocation(path, 0, 0), $"cannot read {Path.GetFullPath(path)}: {e.Message}", e);
        }

        ReadOnlySpan<byte> text = head;
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        while (!text.IsEmpty)
        {
            var c = text[0];
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                text = text[1..];
            }
            else if (c == (byte)'#' || text.StartsWith("//"u8))
            {
                var end = text.IndexOf((byte)'\n');
                text = end < 0 ? [] : text[end..];
            }
            else if (text.StartsWith("/*"u8))
            {
                var end = text.IndexOf("*/"u8);
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else
            {
                return c == (byte)'{' || text.StartsWith("<?include"u8) ? DhcpConfigFormat.Kea : DhcpConfigFormat.Dhcpd;
            }
        }

        // Only comments (or nothing) in the first 64 KiB: dhcpd accepts an empty file, Kea does not.
        return DhcpConfigFormat.Dhcpd;
    }
}
