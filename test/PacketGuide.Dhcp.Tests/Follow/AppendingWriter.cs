namespace PacketGuide.Dhcp.Tests.Follow;

/// <summary>
/// Writes like a logging daemon: every write goes to the current end of the file (what O_APPEND does; .NET's
/// FileMode.Append does not set it), so after a truncation writing starts again at offset 0.
/// </summary>
internal sealed class AppendingWriter(string path) : IAsyncDisposable
{
    private readonly FileStream _stream = new(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    public async Task WriteAsync(byte[] bytes)
    {
        _stream.Seek(0, SeekOrigin.End);
        await _stream.WriteAsync(bytes, TestContext.Current.CancellationToken);
        await _stream.FlushAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What logrotate's copytruncate does after copying.</summary>
    public void Truncate() => _stream.SetLength(0);

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
