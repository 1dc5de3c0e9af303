using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Server.Api;

namespace PacketGuide.Server.Storage;

/// <summary>DNS validation runs: queued by the schedule or the API, finished with a summary and the full report.</summary>
public sealed class ValidationRunStore(StoreDatabase database)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    private const string SummaryColumns = "id, trigger, requested_by, zones, state, requested, finished, worst, error, summary";

    public async Task<ValidationRunRecord> CreateAsync(string trigger, string? requestedBy, IReadOnlyList<string>? onlyZones, CancellationToken cancellationToken)
    {
        var now = database.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO validation_runs (trigger, requested_by, zones, state, requested) VALUES (@t, @b, @z, @s, @r) RETURNING " + SummaryColumns,
            ("t", trigger), ("b", requestedBy), ("z", onlyZones is null ? null : string.Join(' ', onlyZones)), ("s", Queued), ("r", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Read(reader, withReport: false);
    }

    public Task MarkRunningAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE validation_runs SET state = @s WHERE id = @id", cancellationToken, ("s", Running), ("id", id));

    public Task CompleteAsync(long id, string? worst, IReadOnlyList<ValidationZoneSummary> zones, string reportJson, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE validation_runs SET state = @s, finished = @f, worst = @w, summary = @z, report = @r WHERE id = @id", cancellationToken,
            ("s", Done), ("f", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("w", worst),
            ("z", JsonSerializer.Serialize(zones, ServerJsonContext.Default.IReadOnlyListValidationZoneSummary)), ("r", reportJson), ("id", id));

    public Task FailAsync(long id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE validation_runs SET state = @s, finished = @f, error = @e WHERE id = @id", cancellationToken,
            ("s", Failed), ("f", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("e", error), ("id", id));

    /// <summary>Runs left queued or running by a stopped service are failed, so none waits for ever. Returns how many.</summary>
    public async Task<int> FailUnfinishedAsync(string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "UPDATE validation_runs SET state = @s, finished = @f, error = @e WHERE state IN (@q, @r)",
            ("s", Failed), ("f", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("e", error), ("q", Queued), ("r", Running));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One run with its report (null when there is no such run).</summary>
    public async Task<ValidationRunRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT " + SummaryColumns + ", report FROM validation_runs WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, withReport: true) : null;
    }

    /// <summary>Runs newest first, without their reports; <paramref name="before"/> is the previous page's cursor.</summary>
    public async Task<Page<ValidationRunRecord>> ListAsync(long? before, string? state, int limit, CancellationToken cancellationToken)
    {
        var sql = "SELECT " + SummaryColumns + " FROM validation_runs WHERE 1 = 1" + (before is null ? "" : " AND id < @before") + (state is null ? "" : " AND state = @state") +
            " ORDER BY id DESC LIMIT @limit";
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new List<(string, object?)> { ("limit", limit + 1) };
        if (before is not null)
        {
            parameters.Add(("before", before));
        }

        if (state is not null)
        {
            parameters.Add(("state", state));
        }

        await using var command = StoreDatabase.Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await StoreDatabase.ReadPageAsync(reader, limit, r => Read(r, withReport: false), r => r.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes finished runs requested before <paramref name="cutoff"/>, keeping the newest finished one whatever its age.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "DELETE FROM validation_runs WHERE requested < @c AND state IN (@d, @f) AND id <> (SELECT COALESCE(MAX(id), 0) FROM validation_runs WHERE state = @d)",
            ("c", cutoff.ToUnixTimeMilliseconds()), ("d", Done), ("f", Failed));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ValidationRunRecord Read(DbDataReader reader, bool withReport)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        JsonElement? report = null;
        if (withReport && Text(10) is { } json)
        {
            using var document = JsonDocument.Parse(json);
            report = document.RootElement.Clone();
        }

        return new ValidationRunRecord
        {
            Id = reader.GetInt64(0),
            Trigger = reader.GetString(1),
            RequestedBy = Text(2),
            OnlyZones = Text(3)?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            State = reader.GetString(4),
            Requested = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            Finished = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            Worst = Text(7),
            Error = Text(8),
            Zones = Text(9) is { } summary ? JsonSerializer.Deserialize(summary, ServerJsonContext.Default.IReadOnlyListValidationZoneSummary) : null,
            Report = report,
        };
    }
}
