using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Kea's unix control socket: bare JSON, one command per connection, the server closes the connection after answering.
/// A socket is a file path, so this works from the root namespace for a server inside any namespace.
/// </summary>
public static class KeaControlClient
{
    public static async Task<JsonDocument> SendAsync(string socketPath, string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["command"] = command })),
            SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);

        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        var document = JsonDocument.Parse(answer.ToArray());
        if (!document.RootElement.TryGetProperty("result", out var result) || result.GetInt32() != 0)
        {
            var text = document.RootElement.GetRawText();
            document.Dispose();
            throw new InvalidOperationException($"Kea answered '{command}' with an error: {text}");
        }

        return document;
    }

    /// <summary><c>statistic-get-all</c>: the current (latest) value of every integer statistic.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> GetStatisticsAsync(string socketPath, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(socketPath, "statistic-get-all", cancellationToken);
        var statistics = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var statistic in document.RootElement.GetProperty("arguments").EnumerateObject())
        {
            // Each statistic is a list of [value, timestamp] samples, newest first.
            if (statistic.Value.ValueKind == JsonValueKind.Array && statistic.Value.GetArrayLength() > 0
                && statistic.Value[0][0].TryGetInt64(out var value))
            {
                statistics[statistic.Name] = value;
            }
        }

        return statistics;
    }

    /// <summary>The value of <paramref name="name"/>; Kea omits nothing it counts, but a counter never touched reads 0.</summary>
    public static long Statistic(this IReadOnlyDictionary<string, long> statistics, string name)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return statistics.TryGetValue(name, out var value) ? value : 0;
    }
}
