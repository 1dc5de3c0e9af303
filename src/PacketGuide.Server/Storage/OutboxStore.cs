using System.Data.Common;

namespace PacketGuide.Server.Storage;

/// <summary>The notification outbox: enqueued in one transaction per evaluation, taken when due, marked as the receiver answers.</summary>
public sealed class OutboxStore(StoreDatabase database)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Expired = "expired";

    private const string Columns = "id, channel, dedup_key, reason, body, state, attempts, created, next_attempt, expires, delivered, last_error";

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        var now = database.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await StoreDatabase.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var m in messages)
        {
            await using var command = StoreDatabase.Command(connection, transaction,
                "INSERT INTO notifications (channel, dedup_key, reason, body, state, attempts, created, next_attempt, expires) VALUES (@c, @k, @r, @b, @s, 0, @t, @t, @e)",
                ("c", m.Channel), ("k", m.DedupKey), ("r", m.Reason), ("b", m.Body), ("s", Pending), ("t", now), ("e", m.Expires.ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pending notifications due now, oldest first. One waiting for a retry holds back the later ones of its channel and
    /// dedup key: a resolve never overtakes its trigger.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRecord>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "SELECT " + Columns + " FROM notifications n WHERE state = @s AND next_attempt <= @now " +
            "AND NOT EXISTS (SELECT 1 FROM notifications e WHERE e.channel = n.channel AND e.dedup_key = n.dedup_key AND e.state = @s AND e.id < n.id) " +
            "ORDER BY id LIMIT @limit",
            ("s", Pending), ("now", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<OutboxRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(Read(reader));
        }

        return due;
    }

    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET state = @s, delivered = @t, attempts = attempts + 1, last_error = NULL WHERE id = @id", cancellationToken,
            ("s", Delivered), ("t", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("id", id));

    public Task MarkRetryAsync(long id, DateTimeOffset next, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET attempts = attempts + 1, next_attempt = @n, last_error = @e WHERE id = @id", cancellationToken,
            ("n", next.ToUnixTimeMilliseconds()), ("e", error), ("id", id));

    public Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET state = @s, attempts = attempts + 1, last_error = @e WHERE id = @id", cancellationToken, ("s", Failed), ("e", error), ("id", id));

    /// <summary>Pending notifications past their expiry become expired; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "UPDATE notifications SET state = @x WHERE state = @p AND expires <= @now",
            ("x", Expired), ("p", Pending), ("now", database.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes notifications no longer pending that were created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "DELETE FROM notifications WHERE created < @c AND state <> @p",
            ("c", cutoff.ToUnixTimeMilliseconds()), ("p", Pending));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Notifications newest first, optionally of one state; <paramref name="before"/> is the previous page's cursor.</summary>
    public async Task<Page<OutboxRecord>> ListAsync(long? before, string? state, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)> { ("limit", limit + 1) };
        var where = "";
        if (before is not null)
        {
            where += " AND id < @before";
            parameters.Add(("before", before));
        }

        if (state is not null)
        {
            where += " AND state = @state";
            parameters.Add(("state", state));
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT " + Columns + " FROM notifications WHERE 1 = 1" + where + " ORDER BY id DESC LIMIT @limit", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoreDatabase.ReadPageAsync(reader, limit, Read, r => r.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static OutboxRecord Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        r.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)), r.IsDBNull(11) ? null : r.GetString(11));
}
