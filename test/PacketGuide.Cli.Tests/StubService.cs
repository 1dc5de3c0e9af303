using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PacketGuide.Cli.Tests;

/// <summary>
/// A loopback HTTP stub for unit tests of the verbs that call pguide serve or a receiver: it answers each
/// <c>METHOD /path</c> (query left out) with what the test set, 404 otherwise, and records every request. The real
/// service and real receivers are in PacketGuide.IntegrationTests; this covers the answers they give only on a bad day.
/// </summary>
internal sealed class StubService : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    private StubService(HttpListener listener, string url)
    {
        _listener = listener;
        Url = url;
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Answers by <c>"GET /api/v1/alerts"</c>: status and JSON body.</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public static StubService Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return new StubService(listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A loopback port nothing listens on (for "cannot reach").</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var key = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
            Requests.Enqueue(new StubRequest(key, context.Request.Url.Query, context.Request.Headers["Authorization"], body,
                context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase)));
            var (status, answer) = Answers.TryGetValue(key, out var set) ? set : (404, "{\"title\":\"Not Found\",\"status\":404}");
            context.Response.StatusCode = status;
            if (status != 204)
            {
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = answer.StartsWith('{') || answer.StartsWith('[') ? "application/json" : "text/plain";
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>One request the stub saw: <c>METHOD /path</c>, the query, the Authorization header, the body, every header.</summary>
internal sealed record StubRequest(string Key, string Query, string? Authorization, string Body, IReadOnlyDictionary<string, string> Headers);
