using System.Data.Common;
using System.Text.Json;

namespace PacketGuide.Server.Storage;

/// <summary>The audit log: every change made through the API (DNS records, zone applies, API keys), newest first when listed.</summary>
public sealed class AuditStore(StoreDatabase database)
{
    /// <param name="detail">A JSON object as text (null: none).</param>
    public async Task AppendAsync(string actor, string action, string target, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO audit (time, actor, action, target, detail) VALUES (@t, @a, @x, @g, @d)",
            ("t", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("a", actor), ("x", action), ("g", target), ("d", detail));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<AuditRecord>> ListAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = before is null
            ? StoreDatabase.Command(connection, null, "SELECT seq, time, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT @limit", ("limit", limit + 1))
            : StoreDatabase.Command(connection, null, "SELECT seq, time, actor, action, target, detail FROM audit WHERE seq < @before ORDER BY seq DESC LIMIT @limit",
                ("before", before), ("limit", limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoreDatabase.ReadPageAsync(reader, limit, Read, a => a.Seq, cancellationToken).ConfigureAwait(false);
    }

    private static AuditRecord Read(DbDataReader reader)
    {
        JsonElement? detail = null;
        if (!reader.IsDBNull(5))
        {
            using var document = JsonDocument.Parse(reader.GetString(5));
            detail = document.RootElement.Clone();
        }

        return new AuditRecord(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
            reader.GetString(4), detail);
    }
}
