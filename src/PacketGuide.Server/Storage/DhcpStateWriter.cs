using System.Net;

namespace PacketGuide.Server.Storage;

/// <summary>
/// Writes one pipeline batch in one transaction: its events (skipping re-deliveries) and the leases it changed. Either
/// all of a batch is stored or none, so a crash between batches leaves the store consistent with the tail's checkpoint.
/// </summary>
public sealed class DhcpStateWriter(StoreDatabase database)
{
    /// <summary>Stores the batch; returns the events that were new (with their sequence numbers), for the event stream.</summary>
    public async Task<IReadOnlyList<EventRecord>> WriteAsync(IReadOnlyList<EventRecord> events, IReadOnlyList<LeaseRecord> upserts,
        IReadOnlyList<IPAddress> removals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        var stored = new List<EventRecord>(events.Count);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await StoreDatabase.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        if (events.Count > 0)
        {
            await using var insert = EventStore.PrepareInsert(connection, transaction);
            foreach (var e in events)
            {
                EventStore.BindInsert(insert, e);
                if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } seq and not DBNull)
                {
                    stored.Add(e with { Seq = Convert.ToInt64(seq, System.Globalization.CultureInfo.InvariantCulture) });
                }
            }
        }

        if (upserts.Count > 0)
        {
            await using var upsert = LeaseStore.PrepareUpsert(connection, transaction);
            foreach (var lease in upserts)
            {
                LeaseStore.BindUpsert(upsert, lease);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (removals.Count > 0)
        {
            await using var delete = StoreDatabase.Command(connection, transaction, "DELETE FROM leases WHERE address_key = @k", ("k", null));
            foreach (var address in removals)
            {
                StoreDatabase.Set(delete, 0, AddressKey.Of(address));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }
}
