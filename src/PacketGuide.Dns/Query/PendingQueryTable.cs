using System.Security.Cryptography;

namespace PacketGuide.Dns.Query;

/// <summary>
/// The queries in flight on one socket, by transaction id. Ids are random and never given to a second query while the
/// first is pending on this socket, so an answer's id names at most one query. The pending queries are also kept in a
/// dense list, so the timer's scan for due retries looks at what is in flight, not at 65,536 slots.
/// </summary>
internal sealed class PendingQueryTable
{
    private readonly PendingQuery?[] _byId = new PendingQuery?[ushort.MaxValue + 1];
    private readonly List<PendingQuery> _live = [];
    private readonly Lock _lock = new();
    private readonly Func<int, int>? _random;

    /// <summary>Cryptographic random bytes fetched 512 at a time: one call into the system's generator per 256 ids.</summary>
    private readonly byte[] _randomBytes = new byte[512];
    private int _randomUsed = 512;

    /// <param name="random">
    /// Returns a number from 0 to the bound (exclusive); by default ids come from the cryptographic generator, as they
    /// guard against spoofed answers.
    /// </param>
    public PendingQueryTable(Func<int, int>? random = null) => _random = random;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Gives the query a free random id (patched into its packet) and records it.</summary>
    /// <exception cref="InvalidOperationException">All 65,536 ids are in use.</exception>
    public ushort Add(PendingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (_live.Count == _byId.Length)
            {
                throw new InvalidOperationException("All 65,536 transaction ids of this socket are in use.");
            }

            // Random probing stays short while the table is sparse (the engine's window is far below 65,536); a linear scan
            // from a random start bounds it when it is not.
            var id = NextRandomId();
            for (var tries = 0; _byId[id] is not null; tries++)
            {
                id = tries < 8 ? NextRandomId() : (id + 1) & ushort.MaxValue;
            }

            query.SetId((ushort)id);
            _byId[id] = query;
            query.TableSlot = _live.Count;
            _live.Add(query);
            return (ushort)id;
        }
    }

    /// <summary>The query pending under this id, without removing it.</summary>
    public PendingQuery? Find(ushort id)
    {
        lock (_lock)
        {
            return _byId[id];
        }
    }

    /// <summary>Removes this query if it is still pending (an answer and a timeout may race; only one wins).</summary>
    public bool Remove(PendingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (!ReferenceEquals(_byId[query.Id], query))
            {
                return false;
            }

            _byId[query.Id] = null;
            var last = _live[^1];
            _live[query.TableSlot] = last;
            last.TableSlot = query.TableSlot;
            _live.RemoveAt(_live.Count - 1);
            return true;
        }
    }

    /// <summary>The pending queries last sent at or before <paramref name="sentBefore"/> (a timestamp).</summary>
    public List<PendingQuery> SentBefore(long sentBefore)
    {
        var due = new List<PendingQuery>();
        lock (_lock)
        {
            foreach (var query in _live)
            {
                if (query.LastSent <= sentBefore)
                {
                    due.Add(query);
                }
            }
        }

        return due;
    }

    /// <summary>Removes and returns every pending query (when the engine is disposed).</summary>
    public List<PendingQuery> RemoveAll()
    {
        lock (_lock)
        {
            var all = new List<PendingQuery>(_live);
            Array.Clear(_byId);
            _live.Clear();
            return all;
        }
    }

    private int NextRandomId()
    {
        if (_random is not null)
        {
            return _random(_byId.Length);
        }

        if (_randomUsed == _randomBytes.Length)
        {
            RandomNumberGenerator.Fill(_randomBytes);
            _randomUsed = 0;
        }

        var id = (_randomBytes[_randomUsed] << 8) | _randomBytes[_randomUsed + 1];
        _randomUsed += 2;
        return id;
    }
}
