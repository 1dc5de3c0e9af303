using System.Security.Cryptography;

namespace PacketGuide.Dns.Query;

/// <summary>
/// The queries in flight on one socket, by transaction id. Ids are random and never given to a second query while the
/// first is pending on this socket, so an answer's id names at most one query.
/// </summary>
internal sealed class PendingQueryTable
{
    private readonly PendingQuery?[] _byId = new PendingQuery?[ushort.MaxValue + 1];
    private readonly Lock _lock = new();
    private readonly Func<int, int> _random;

    /// <param name="random">Returns a number from 0 to the bound (exclusive); cryptographic by default, as ids guard against spoofed answers.</param>
    public PendingQueryTable(Func<int, int>? random = null) => _random = random ?? RandomNumberGenerator.GetInt32;

    public int Count { get; private set; }

    /// <summary>Gives the query a free random id (patched into its packet) and records it.</summary>
    /// <exception cref="InvalidOperationException">All 65,536 ids are in use.</exception>
    public ushort Add(PendingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (Count == _byId.Length)
            {
                throw new InvalidOperationException("All 65,536 transaction ids of this socket are in use.");
            }

            // Random probing stays short while the table is sparse (the engine's window is far below 65,536); a linear scan
            // from a random start bounds it when it is not.
            var id = _random(_byId.Length);
            for (var tries = 0; _byId[id] is not null; tries++)
            {
                id = tries < 8 ? _random(_byId.Length) : (id + 1) & ushort.MaxValue;
            }

            query.SetId((ushort)id);
            _byId[id] = query;
            Count++;
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
            Count--;
            return true;
        }
    }

    /// <summary>The pending queries last sent at or before <paramref name="sentBefore"/> (a timestamp).</summary>
    public List<PendingQuery> SentBefore(long sentBefore)
    {
        var due = new List<PendingQuery>();
        lock (_lock)
        {
            if (Count == 0)
            {
                return due;
            }

            foreach (var query in _byId)
            {
                if (query is not null && query.LastSent <= sentBefore)
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
            var all = _byId.OfType<PendingQuery>().ToList();
            Array.Clear(_byId);
            Count = 0;
            return all;
        }
    }
}
