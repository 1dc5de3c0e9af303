namespace PacketGuide.Server.Configuration;

/// <summary><c>serve.storage</c>.</summary>
public sealed record StorageOptions
{
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>
    /// PostgreSQL: an Npgsql connection string, resolved from its <c>env:</c>/<c>file:</c> reference (never logged).
    /// SQLite: optional; the default is <c>Data Source=DATA_DIR/pguide.db</c>.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>Events older than this are deleted (<c>serve.storage.retention</c>, default 30 days).</summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromDays(30);
}
