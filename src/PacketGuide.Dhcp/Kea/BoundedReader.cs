namespace PacketGuide.Dhcp.Kea;

/// <summary>Reads a stream to its end into one buffer, refusing more than a limit.</summary>
internal static class BoundedReader
{
    public static async Task<ReadOnlyMemory<byte>> ReadToEndAsync(Stream stream, int maxBytes, string target, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new KeaProtocolException(target,
                    $"The answer from {target} is larger than {maxBytes >> 20} MB. Ask for less (e.g. one subnet) or raise the limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
