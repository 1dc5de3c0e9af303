using PacketGuide.Dhcp.Kea;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>Kea's own counters through the product's control client (unix socket: works from the root namespace).</summary>
public static class KeaStatisticsReader
{
    /// <summary><c>statistic-get-all</c>: the newest value of every statistic.</summary>
    public static async Task<KeaStatistics> ReadAsync(string socketPath, CancellationToken cancellationToken)
    {
        using var client = new KeaControlClient(new KeaClientOptions { SocketPath = socketPath });
        return await client.GetStatisticsAsync(cancellationToken);
    }

    /// <summary>The value of <paramref name="name"/>; a counter Kea never touched reads 0.</summary>
    public static long Statistic(this KeaStatistics statistics, string name)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return (long)(statistics.CountOf(name) ?? 0);
    }
}
