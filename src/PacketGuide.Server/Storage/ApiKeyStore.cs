using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace PacketGuide.Server.Storage;

/// <summary>
/// API keys: <c>pgk_ID_SECRET</c>, where ID (12 hex digits) finds the row and SECRET (32 random bytes) is checked against
/// its SHA-256 in constant time. The secret is shown once, at creation, and never stored: a leaked database holds no
/// usable key. SHA-256 without a salt is enough for 256-bit random secrets (nothing to brute-force).
/// </summary>
public sealed class ApiKeyStore(StoreDatabase database)
{
    private const string Prefix = "pgk_";

    /// <summary>Creates a key; returns its record and the whole key text, which only the caller ever sees.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string name, ApiScope scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = database.Time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null,
            "INSERT INTO api_keys (id, name, scope, secret_hash, created) VALUES (@id, @n, @s, @h, @t)",
            ("id", id), ("n", name), ("s", ScopeName(scope)), ("h", Hash(secret)), ("t", now.ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return (new ApiKeyRecord(id, name, scope, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), null), $"{Prefix}{id}_{secret}");
    }

    /// <summary>The key's record when <paramref name="key"/> is a valid, unrevoked key; null otherwise (never says which part was wrong).</summary>
    public async Task<ApiKeyRecord?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is < 20 or > 100 || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.IndexOf('_', Prefix.Length) is not 16)
        {
            return null;
        }

        var record = await FindAsync(key[Prefix.Length..16], cancellationToken).ConfigureAwait(false);
        return record is { Revoked: null } && CryptographicOperations.FixedTimeEquals(record.SecretHash, Hash(key[17..])) ? record : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT id, name, scope, secret_hash, created, revoked FROM api_keys ORDER BY created, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>Revokes the key with this id; false when there is none (or it was revoked already).</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "UPDATE api_keys SET revoked = @t WHERE id = @id AND revoked IS NULL",
            ("t", database.Time.GetUtcNow().ToUnixTimeMilliseconds()), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public static string ScopeName(ApiScope scope) => scope switch
    {
        ApiScope.Read => "read",
        ApiScope.Write => "write",
        _ => "admin",
    };

    public static bool TryParseScope(string? text, out ApiScope scope)
    {
        (var ok, scope) = text switch
        {
            "read" => (true, ApiScope.Read),
            "write" => (true, ApiScope.Write),
            "admin" => (true, ApiScope.Admin),
            _ => (false, ApiScope.Read),
        };
        return ok;
    }

    private async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT id, name, scope, secret_hash, created, revoked FROM api_keys WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static ApiKeyRecord Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), TryParseScope(r.GetString(2), out var s) ? s : ApiScope.Read,
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)))
        {
            SecretHash = r.GetFieldValue<byte[]>(3),
        };
}
