using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PacketGuide.Server.Storage;

/// <summary>DHCP events in the store, newest first; kept for the retention period.</summary>
public sealed class EventStore(StoreDatabase database)
{
    private const string Columns = "seq, event_id, time, server, kind, address, mac, client_id, hostname, subnet, via, lease_seconds, source";

    // A re-delivered event (the tail is at least once) has the same id and is skipped.
    internal const string InsertSql =
        "INSERT INTO events (event_id, time, server, kind, address, mac, client_id, hostname, subnet, via, lease_seconds, source) " +
        "VALUES (@i, @t, @sv, @k, @a, @m, @c, @h, @sn, @v, @l, @src) ON CONFLICT (event_id) DO NOTHING RETURNING seq";

    public async Task<Page<EventRecord>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM events WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(clause);
                parameters.Add((name, value));
            }
        }

        Filter("time >= @from", "from", query.From?.ToUnixTimeMilliseconds());
        Filter("time < @to", "to", query.To?.ToUnixTimeMilliseconds());
        if (query.Kinds is { Count: > 0 } kinds)
        {
            sql.Append(" AND kind IN (").AppendJoin(", ", kinds.Select((_, i) => $"@kind{i}")).Append(')');
            parameters.AddRange(kinds.Select((k, i) => ($"kind{i}", (object?)k)));
        }

        Filter("subnet = @subnet", "subnet", query.Subnet);
        Filter("mac = @mac", "mac", query.Mac);
        Filter("seq < @before", "before", query.Before);
        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        parameters.Add(("limit", query.Limit + 1));

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoreDatabase.ReadPageAsync(reader, query.Limit, Read, e => e.Seq, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Events per kind since <paramref name="since"/> (the dashboard's chart and the overview).</summary>
    public async Task<IReadOnlyList<(long Minute, string Kind, long Count)>> CountPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "SELECT time / 60000 AS minute, kind, COUNT(*) FROM events WHERE time >= @since GROUP BY time / 60000, kind ORDER BY minute",
            ("since", since.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(long, string, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.GetInt64(0) * 60, reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    /// <summary>
    /// Events of <paramref name="kinds"/> since <paramref name="since"/> counted per subnet, kind and
    /// <paramref name="bucket"/> (the alert engine rebuilds its windows from these at start). The time given is the bucket's start.
    /// </summary>
    public async Task<IReadOnlyList<(string Subnet, string Kind, DateTimeOffset Time, long Count)>> CountPerBucketAsync(
        DateTimeOffset since, TimeSpan bucket, IReadOnlyList<string> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var width = (long)bucket.TotalMilliseconds;
        var names = string.Join(", ", kinds.Select((_, i) => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            $"SELECT subnet, kind, time / @w AS b, COUNT(*) FROM events WHERE time >= @since AND subnet IS NOT NULL AND kind IN ({names}) GROUP BY 1, 2, 3",
            [("since", since.ToUnixTimeMilliseconds()), ("w", width), .. kinds.Select((k, i) => ("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)k))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(string, string, DateTimeOffset, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2) * width), reader.GetInt64(3)));
        }

        return counts;
    }

    /// <summary>Deletes events older than <paramref name="before"/> in chunks (so a big cleanup never holds a long lock); returns how many.</summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        long deleted = 0;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using var command = StoreDatabase.Command(connection, null,
                "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE time < @before ORDER BY seq LIMIT 10000)",
                ("before", before.ToUnixTimeMilliseconds()));
            var n = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            deleted += n;
            if (n < 10_000)
            {
                return deleted;
            }
        }
    }

    private static readonly string[] InsertNames = ["i", "t", "sv", "k", "a", "m", "c", "h", "sn", "v", "l", "src"];

    internal static DbCommand PrepareInsert(DbConnection connection, DbTransaction transaction) =>
        StoreDatabase.Prepare(connection, transaction, InsertSql, InsertNames);

    internal static void BindInsert(DbCommand command, EventRecord e) => StoreDatabase.Bind(command, InsertValues(e));

    internal static void AddInsertParameters(DbBatchCommand command, EventRecord e) => StoreDatabase.Add(command, InsertNames, InsertValues(e));

    private static object?[] InsertValues(EventRecord e) =>
        [e.Id, e.Time.ToUnixTimeMilliseconds(), e.Server, e.Kind, e.Address, e.Mac, e.ClientId, e.Hostname, e.Subnet, e.Via, e.LeaseSeconds, e.Source];

    private static EventRecord Read(DbDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        Id = LeaseStore.StringOrNull(r, 1),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        Server = r.GetString(3),
        Kind = r.GetString(4),
        Address = LeaseStore.StringOrNull(r, 5),
        Mac = LeaseStore.StringOrNull(r, 6),
        ClientId = LeaseStore.StringOrNull(r, 7),
        Hostname = LeaseStore.StringOrNull(r, 8),
        Subnet = LeaseStore.StringOrNull(r, 9),
        Via = LeaseStore.StringOrNull(r, 10),
        LeaseSeconds = r.IsDBNull(11) ? null : r.GetInt64(11),
        Source = LeaseStore.StringOrNull(r, 12),
    };
}
