using System.Collections.Concurrent;

namespace PacketGuide.Server.Pipeline;

/// <summary>The DHCP servers the logs have shown, with when each was last heard from and how many events it logged.</summary>
public sealed class DhcpServerRegistry
{
    private readonly ConcurrentDictionary<string, ServerSighting> _servers = new(StringComparer.Ordinal);

    internal void Saw(string server, DateTimeOffset time, int events) =>
        _servers.AddOrUpdate(server, _ => new ServerSighting(time, events), (_, s) => new ServerSighting(time > s.LastSeen ? time : s.LastSeen, s.Events + events));

    public IReadOnlyList<(string Name, DateTimeOffset LastSeen, long Events)> Snapshot() =>
        [.. _servers.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value.LastSeen, s.Value.Events))];

    private sealed record ServerSighting(DateTimeOffset LastSeen, long Events);
}
