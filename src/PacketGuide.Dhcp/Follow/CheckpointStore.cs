using System.Text.Json;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// Saves and loads the follower's checkpoints as one JSON file in a state directory. A save writes a temporary file,
/// flushes it to disk and renames it over the old one, so a crash at any moment leaves either the old or the new
/// checkpoints, never a torn file.
/// </summary>
public sealed class CheckpointStore(string directory)
{
    public const string FileName = "tail-checkpoints.json";

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>The saved checkpoints; empty when there are none yet.</summary>
    /// <exception cref="DhcpFollowException">The file exists but is not a checkpoint file.</exception>
    public async Task<IReadOnlyList<FollowCheckpoint>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(bytes);
            var list = new List<FollowCheckpoint>();
            foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
            {
                list.Add(new FollowCheckpoint(
                    new FileIdentity(file.GetProperty("device").GetUInt64(), file.GetProperty("inode").GetUInt64()),
                    new LineFingerprint(Convert.ToUInt64(file.GetProperty("fingerprint").GetString(), 16), file.GetProperty("fingerprintLength").GetInt32()),
                    file.GetProperty("offset").GetInt64(),
                    file.GetProperty("line").GetInt64(),
                    file.GetProperty("path").GetString() ?? ""));
            }

            return list;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new DhcpFollowException(
                $"{Path}: not a valid checkpoint file ({ex.Message}). Move it away to start over (lines may then be read twice or skipped).", ex);
        }
    }

    public async Task SaveAsync(IEnumerable<FollowCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (writer.ConfigureAwait(false))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", 1);
                writer.WriteStartArray("files");
                foreach (var c in checkpoints)
                {
                    writer.WriteStartObject();
                    writer.WriteString("path", c.Path);
                    writer.WriteNumber("device", c.Identity.Device);
                    writer.WriteNumber("inode", c.Identity.Inode);
                    writer.WriteString("fingerprint", c.Fingerprint.ToString());
                    writer.WriteNumber("fingerprintLength", c.Fingerprint.Length);
                    writer.WriteNumber("offset", c.Offset);
                    writer.WriteNumber("line", c.Line);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
