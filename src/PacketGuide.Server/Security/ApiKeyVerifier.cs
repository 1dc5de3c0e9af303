using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Security;

/// <summary>
/// Checks API keys against the store and remembers good and bad answers for 30 seconds, so a busy client costs one
/// store lookup per half minute, not one per request. A key revoked through this service's API stops working at once
/// (<see cref="Forget"/>); one revoked elsewhere (the CLI, another replica) within 30 seconds.
/// </summary>
public sealed class ApiKeyVerifier(ApiKeyStore store, TimeProvider timeProvider)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<ApiKeyRecord?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Cache by a hash: the dictionary never holds the secrets themselves.
        var id = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(id, out var hit) && hit.Until > now)
        {
            return hit.Key;
        }

        var record = await store.VerifyAsync(key, cancellationToken).ConfigureAwait(false);
        if (_cache.Count > 10_000)
        {
            _cache.Clear(); // a flood of made-up keys must not grow memory without bound
        }

        _cache[id] = (record, now + Remember);
        return record;
    }

    /// <summary>Drops what is remembered for the key with this id (after revoking it).</summary>
    public void Forget(string keyId)
    {
        foreach (var (hash, entry) in _cache)
        {
            if (entry.Key?.Id == keyId)
            {
                _cache.TryRemove(hash, out _);
            }
        }
    }
}
