using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PacketGuide.Server.Storage;

/// <summary>The host inventory: create, read, update (optimistically, by version), delete, list by name.</summary>
public sealed class HostStore(StoreDatabase database)
{
    private const string Columns = "id, name, mac, address, owner, notes, created, updated, version";

    /// <summary>Hosts ordered by id, optionally only those whose name, MAC or address equals <paramref name="search"/>.</summary>
    public async Task<Page<HostRecord>> ListAsync(string? search, long? after, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM hosts WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (search is not null)
        {
            sql.Append(" AND (name = @q OR mac = @q OR address = @q)");
            parameters.Add(("q", search));
        }

        if (after is not null)
        {
            sql.Append(" AND id > @after");
            parameters.Add(("after", after));
        }

        sql.Append(" ORDER BY id LIMIT @limit");
        parameters.Add(("limit", limit + 1));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoreDatabase.ReadPageAsync(reader, limit, Read, h => h.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HostRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT " + Columns + " FROM hosts WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Creates the host; throws <see cref="StoreConflictException"/> when the name is taken.</summary>
    public async Task<HostRecord> CreateAsync(HostRecord host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var now = database.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO hosts (name, mac, address, owner, notes, created, updated, version) VALUES (@n, @m, @a, @o, @x, @t, @t, 1) " +
            "ON CONFLICT (name) DO NOTHING RETURNING " + Columns,
            ("n", host.Name), ("m", host.Mac), ("a", host.Address), ("o", host.Owner), ("x", host.Notes), ("t", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader)
            : throw new StoreConflictException($"a host named '{host.Name}' exists already.");
    }

    /// <summary>
    /// Replaces the host's fields when its version is still <paramref name="expectedVersion"/> (any version when null).
    /// Returns null when there is no such host; throws <see cref="StoreConflictException"/> on a stale version or a taken name.
    /// </summary>
    public async Task<HostRecord?> UpdateAsync(long id, HostRecord host, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var now = database.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = StoreDatabase.Command(connection, null,
                "UPDATE hosts SET name = @n, mac = @m, address = @a, owner = @o, notes = @x, updated = @t, version = version + 1 " +
                "WHERE id = @id AND (@v < 0 OR version = @v) RETURNING " + Columns,
                ("n", host.Name), ("m", host.Mac), ("a", host.Address), ("o", host.Owner), ("x", host.Notes), ("t", now), ("id", id), ("v", expectedVersion ?? -1L));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return Read(reader);
            }
        }
        catch (DbException ex) when (IsUniqueViolation(ex))
        {
            throw new StoreConflictException($"a host named '{host.Name}' exists already.", ex);
        }

        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return current is null ? null
            : throw new StoreConflictException($"host {id} changed since version {expectedVersion} (it is at version {current.Version}); read it again and retry.");
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "DELETE FROM hosts WHERE id = @id", ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    // SQLite: SQLITE_CONSTRAINT (19); PostgreSQL: unique_violation (23505).
    private static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505" || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    private static HostRecord Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        Mac = LeaseStore.StringOrNull(r, 2),
        Address = LeaseStore.StringOrNull(r, 3),
        Owner = LeaseStore.StringOrNull(r, 4),
        Notes = LeaseStore.StringOrNull(r, 5),
        Created = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
        Updated = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        Version = r.GetInt64(8),
    };
}
