namespace PacketGuide.Server.Storage;

/// <summary>Named documents alerting keeps across restarts (the engine's and planner's state): one row each, replaced on save.</summary>
public sealed class AlertStateStore(StoreDatabase database, TimeProvider timeProvider)
{
    public async Task<string?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT body FROM alert_state WHERE name = @n", ("n", name));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SaveAsync(string name, string body, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO alert_state (name, body, updated) VALUES (@n, @b, @t) ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated = excluded.updated",
            ("n", name), ("b", body), ("t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
