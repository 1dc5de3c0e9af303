using System.Data.Common;
using System.Security.Cryptography;
using PacketGuide.Alerting.Routing;

namespace PacketGuide.Server.Storage;

/// <summary>Alert silences: matchers, a time range, who and why. Expiring one sets its end to now; expired ones stay listed for the record.</summary>
public sealed class SilenceStore(StoreDatabase database)
{
    public async Task<Silence> CreateAsync(IReadOnlyList<LabelMatcher> matchers, DateTimeOffset starts, DateTimeOffset ends, string author, string comment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var silence = new Silence
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Matchers = matchers,
            Starts = starts,
            Ends = ends,
            Author = author,
            Comment = comment,
        };
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO silences (id, matchers, starts, ends, author, comment, created) VALUES (@id, @m, @s, @e, @a, @c, @t)",
            ("id", silence.Id), ("m", string.Join('\n', matchers.Select(m => m.ToString()))), ("s", starts.ToUnixTimeMilliseconds()), ("e", ends.ToUnixTimeMilliseconds()),
            ("a", author), ("c", comment), ("t", database.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return silence;
    }

    /// <summary>Silences that have not ended (active or in the future); with <paramref name="all"/> the ended ones too, newest first.</summary>
    public async Task<IReadOnlyList<Silence>> ListAsync(bool all, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = all
            ? StoreDatabase.Command(connection, null, "SELECT id, matchers, starts, ends, author, comment FROM silences ORDER BY created DESC LIMIT 1000")
            : StoreDatabase.Command(connection, null, "SELECT id, matchers, starts, ends, author, comment FROM silences WHERE ends > @now ORDER BY created DESC",
                ("now", database.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var silences = new List<Silence>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            silences.Add(Read(reader));
        }

        return silences;
    }

    /// <summary>Ends the silence now; false when there is no such silence or it has ended already.</summary>
    public async Task<bool> ExpireAsync(string id, CancellationToken cancellationToken)
    {
        var now = database.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "UPDATE silences SET ends = @now WHERE id = @id AND ends > @now", ("now", now), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static Silence Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Matchers = [.. r.GetString(1).Split('\n').Select(text => LabelMatcher.TryParse(text, out var m, out _) ? m! : new LabelMatcher("invalid", text, IsRegex: false))],
        Starts = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        Ends = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
        Author = r.GetString(4),
        Comment = r.GetString(5),
    };
}
