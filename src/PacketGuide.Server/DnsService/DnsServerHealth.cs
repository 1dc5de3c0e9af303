namespace PacketGuide.Server.DnsService;

/// <summary>
/// The DNS servers the last validation asked, and whether each answered (for <c>GET /api/v1/servers</c>): a server with a
/// <c>reachable</c> finding at warning or above is down, with that finding's message.
/// </summary>
public sealed class DnsServerHealth
{
    private readonly Lock _gate = new();
    private Dictionary<string, (DateTimeOffset Checked, string? Error)> _servers = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Server, DateTimeOffset Checked, string? Error)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _servers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Checked, p.Value.Error))];
        }
    }

    internal void Update(IEnumerable<(string Server, string? Error)> servers, DateTimeOffset at, bool full)
    {
        lock (_gate)
        {
            var next = full ? new Dictionary<string, (DateTimeOffset, string?)>(StringComparer.Ordinal) : new Dictionary<string, (DateTimeOffset, string?)>(_servers, StringComparer.Ordinal);
            foreach (var (server, error) in servers)
            {
                // A server that serves several zones is down when it failed for any of them.
                next[server] = (at, next.TryGetValue(server, out var seen) && seen.Item1 == at && seen.Item2 is not null ? seen.Item2 : error);
            }

            _servers = next;
        }
    }
}
