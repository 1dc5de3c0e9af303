using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PacketGuide.Dhcp.Tests.Kea;

/// <summary>A one-answer HTTP/1.1 server on 127.0.0.1 (a port the OS picks) that records the Authorization header.</summary>
internal sealed class HttpListenerStub : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public HttpListenerStub(string body, int status)
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = ServeAsync(body, status);
    }

    public Uri Url { get; }

    public string? LastAuthorization { get; private set; }

    private async Task ServeAsync(string body, int status)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            string? line;
            var length = 0;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
            {
                if (line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
                {
                    LastAuthorization = line["Authorization:".Length..].Trim();
                }

                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var content = new char[length];
            await reader.ReadBlockAsync(content, _stop.Token);
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {(status == 401 ? "Unauthorized" : "OK")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(bytes, _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
