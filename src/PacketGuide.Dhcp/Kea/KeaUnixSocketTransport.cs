using System.Net.Sockets;

namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// A Kea server's unix control socket: bare JSON, one command per connection; the server answers and closes.
/// A socket is a file path, so a server inside another network namespace is reachable too.
/// </summary>
internal sealed class KeaUnixSocketTransport(string path, int maxResponseBytes) : IKeaTransport
{
    public string Target => path;

    public bool IsAgent => false;

    public async Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new KeaUnreachableException(path, ConnectFailure(ex), ex);
        }

        try
        {
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            var answer = await ReceiveToEndAsync(socket, cancellationToken).ConfigureAwait(false);
            if (answer.Length == 0)
            {
                throw new KeaUnreachableException(path,
                    $"Kea closed the control socket {path} without answering '{command}'. Check the server's log; it may be shutting down.", null);
            }

            return answer;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            throw new KeaUnreachableException(path, $"The connection to the Kea control socket {path} broke: {ex.Message}", ex);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxResponseBytes)
            {
                throw new KeaProtocolException(path,
                    $"The answer from {path} is larger than {maxResponseBytes >> 20} MB. Ask for less (e.g. one subnet) or raise the limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private string ConnectFailure(SocketException ex) => ex.SocketErrorCode switch
    {
        _ when !File.Exists(path) =>
            $"The Kea control socket {path} does not exist. Is the server running, and is this its control-socket socket-name?",
        SocketError.AccessDenied =>
            $"Permission denied on the Kea control socket {path}. Run as the Kea user (or root), or use the control agent (--url).",
        SocketError.ConnectionRefused =>
            $"Nothing listens on the Kea control socket {path} (connection refused): the server is not running or left a stale file.",
        _ => $"Cannot connect to the Kea control socket {path}: {ex.Message}",
    };

    public void Dispose()
    {
    }
}
