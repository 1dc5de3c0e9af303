using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Server.Storage;

/// <summary>
/// The store's database, SQLite or PostgreSQL: a pooled data source, the dialect, and the schema migrations that run at
/// start. Repositories (<see cref="LeaseStore"/>, <see cref="EventStore"/>, <see cref="HostStore"/>, <see cref="ApiKeyStore"/>)
/// share it; they write SQL once for both databases.
/// </summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    private readonly DbDataSource _dataSource;

    private StoreDatabase(DbDataSource dataSource, SqlDialect dialect, string description, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        Time = timeProvider;
        Dialect = dialect;
        Description = description;
    }

    internal SqlDialect Dialect { get; }

    internal TimeProvider Time { get; }

    /// <summary>What the store is, for logs and /readyz: "sqlite /var/lib/pguide/pguide.db" or "postgresql 10.0.0.5:5432/pguide" (never the password).</summary>
    public string Description { get; }

    /// <summary>Opens the configured store (creating the SQLite file and data directory when needed). Does not migrate.</summary>
    public static StoreDatabase Open(StorageOptions options, string dataDirectory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (options.Provider == StorageProvider.PostgreSql)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                // The message of a connection string parser may quote the string, which holds the password.
                throw new ServeConfigException($"serve.storage.connection-string: not a valid PostgreSQL connection string ({ex.GetType().Name}); expected Host=...;Username=...;Password=...;Database=....");
            }

            return new StoreDatabase(NpgsqlDataSource.Create(builder), SqlDialect.PostgreSql, $"postgresql {builder.Host}:{builder.Port}/{builder.Database}", timeProvider);
        }

        string connectionString;
        string file;
        if (options.ConnectionString is { } given)
        {
            var builder = new SqliteConnectionStringBuilder(given);
            file = builder.DataSource;
            connectionString = given;
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            file = Path.GetFullPath(Path.Combine(dataDirectory, "pguide.db"));
            connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        }

        return new StoreDatabase(SqliteFactory.Instance.CreateDataSource(connectionString), SqlDialect.Sqlite, $"sqlite {file}", timeProvider);
    }

    /// <summary>Opens a pooled connection for reading (or a single statement).</summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens a connection for a write transaction. SQLite: synchronous = NORMAL, which in WAL mode survives a process
    /// crash (not a power cut) and makes each commit an order of magnitude cheaper; the pipeline's checkpoint moves only
    /// after the commit, so a lost commit is re-read from the log.
    /// </summary>
    internal async Task<DbConnection> OpenForWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (Dialect == SqlDialect.Sqlite)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    /// <summary>
    /// Brings the schema to the newest version; safe when several processes start at once. Returns the versions applied.
    /// Throws <see cref="StoreException"/> naming the store (never the password) when it cannot be reached or used.
    /// </summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyMigrationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StoreException($"{Description}: cannot open the store ({ex.Message}). Check serve.storage and that the database is running.", ex);
        }
    }

    private async Task<IReadOnlyList<int>> ApplyMigrationsAsync(CancellationToken cancellationToken)
    {
        var applied = new List<int>();
        await using var connection = await OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        if (Dialect == SqlDialect.Sqlite)
        {
            // WAL (kept in the file once set) lets the API read while the pipeline writes.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        if (Dialect.BeginMigration.Length > 0)
        {
            await ExecuteAsync(connection, transaction, Dialect.BeginMigration, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var newest = Migrations.All[^1].Version;
        if (current > newest)
        {
            throw new StoreException($"{Description}: the schema is at version {current}, newer than this pguide knows ({newest}). Upgrade pguide; do not run an older one against this store.");
        }

        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            foreach (var statement in migration.Statements)
            {
                await ExecuteAsync(connection, transaction, Dialect.Render(statement), cancellationToken).ConfigureAwait(false);
            }

            await using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, description, applied) VALUES (@v, @d, @t)",
                ("v", migration.Version), ("d", migration.Description), ("t", Time.GetUtcNow().ToUnixTimeMilliseconds()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The schema version the store is at (0 before the first migration); /readyz asks it to prove the store answers.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await TableMissingAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<bool> TableMissingAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = Dialect == SqlDialect.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'";
        return Convert.ToInt64(await ScalarAsync(connection, null, sql, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    internal static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    /// <summary>
    /// Reads a listing asked with <c>LIMIT limit + 1</c>: at most <paramref name="limit"/> rows, and the cursor of the
    /// last one when a further row shows there is another page.
    /// </summary>
    internal static async Task<Page<T>> ReadPageAsync<T>(DbDataReader reader, int limit, Func<DbDataReader, T> read, Func<T, long> key, CancellationToken cancellationToken)
    {
        var items = new List<T>(Math.Min(limit, 1000));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                return new Page<T>(items, key(items[^1]).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            items.Add(read(reader));
        }

        return new Page<T>(items, null);
    }

    internal static void Set(DbCommand command, int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    /// <summary>A command with these parameters, to be bound row by row with <see cref="Bind"/>.</summary>
    internal static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> names)
    {
        var command = Command(connection, transaction, sql);
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }

        return command;
    }

    internal static void Bind(DbCommand command, IReadOnlyList<object?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            Set(command, i, values[i]);
        }
    }

    internal static void Add(DbBatchCommand command, IReadOnlyList<string> names, IReadOnlyList<object?> values)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = names[i];
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
