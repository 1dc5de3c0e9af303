using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PacketGuide.Server.Storage;

/// <summary>DHCP events in the store, newest first; kept for the retention period.</summary>
public sealed class EventStore(StoreDatabase database)
{
    private const string Columns = "seq, event_id, time, server, kind, address, mac, client_id, hostname, subnet, via, lease_seconds, source";

    // A re-delivered event (the tail is at least once) has the same id and is skipped.
    private const string InsertSql =
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
        Filter("kind = @kind", "kind", query.Kind);
        Filter("subnet = @subnet", "subnet", query.Subnet);
        Filter("mac = @mac", "mac", query.Mac);
        Filter("seq < @before", "before", query.Before);
        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        parameters.Add(("limit", query.Limit + 1));

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<EventRecord>(Math.Min(query.Limit, 1000));
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(Read(reader));
        }

        return new Page<EventRecord>(items, more ? items[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
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

    internal static DbCommand PrepareInsert(DbConnection connection, DbTransaction transaction) =>
        StoreDatabase.Command(connection, transaction, InsertSql,
            ("i", null), ("t", null), ("sv", null), ("k", null), ("a", null), ("m", null), ("c", null), ("h", null), ("sn", null), ("v", null), ("l", null), ("src", null));

    internal static void BindInsert(DbCommand command, EventRecord e)
    {
        StoreDatabase.Set(command, 0, e.Id);
        StoreDatabase.Set(command, 1, e.Time.ToUnixTimeMilliseconds());
        StoreDatabase.Set(command, 2, e.Server);
        StoreDatabase.Set(command, 3, e.Kind);
        StoreDatabase.Set(command, 4, e.Address);
        StoreDatabase.Set(command, 5, e.Mac);
        StoreDatabase.Set(command, 6, e.ClientId);
        StoreDatabase.Set(command, 7, e.Hostname);
        StoreDatabase.Set(command, 8, e.Subnet);
        StoreDatabase.Set(command, 9, e.Via);
        StoreDatabase.Set(command, 10, e.LeaseSeconds);
        StoreDatabase.Set(command, 11, e.Source);
    }

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
