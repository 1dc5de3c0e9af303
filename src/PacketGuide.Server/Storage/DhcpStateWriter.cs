using System.Data.Common;
using System.Globalization;
using System.Net;

namespace PacketGuide.Server.Storage;

/// <summary>
/// Writes one pipeline batch in one transaction: its events (skipping re-deliveries) and the leases it changed. Either
/// all of a batch is stored or none, so a crash between batches leaves the store consistent with the tail's checkpoint.
/// On PostgreSQL the statements go out as batches of up to 1,000 (one round trip each, not one per row).
/// </summary>
public sealed class DhcpStateWriter(StoreDatabase database)
{
    private const int StatementsPerRoundTrip = 1000;

    /// <summary>Stores the batch; returns the events that were new (with their sequence numbers), for the event stream.</summary>
    public async Task<IReadOnlyList<EventRecord>> WriteAsync(IReadOnlyList<EventRecord> events, IReadOnlyList<LeaseRecord> upserts,
        IReadOnlyList<IPAddress> removals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        await using var connection = await database.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await StoreDatabase.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var stored = connection.CanCreateBatch
            ? await WriteBatchedAsync(connection, transaction, events, upserts, removals, cancellationToken).ConfigureAwait(false)
            : await WriteEachAsync(connection, transaction, events, upserts, removals, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    // SQLite: in-process, so a prepared statement per row is as cheap as it gets.
    private static async Task<List<EventRecord>> WriteEachAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventRecord> events,
        IReadOnlyList<LeaseRecord> upserts, IReadOnlyList<IPAddress> removals, CancellationToken cancellationToken)
    {
        var stored = new List<EventRecord>(events.Count);
        if (events.Count > 0)
        {
            await using var insert = EventStore.PrepareInsert(connection, transaction);
            foreach (var e in events)
            {
                EventStore.BindInsert(insert, e);
                if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } seq and not DBNull)
                {
                    stored.Add(e with { Seq = Convert.ToInt64(seq, CultureInfo.InvariantCulture) });
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
            await using var delete = StoreDatabase.Command(connection, transaction, LeaseStore.DeleteSql, ("k", null));
            foreach (var address in removals)
            {
                StoreDatabase.Set(delete, 0, AddressKey.Of(address));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return stored;
    }

    private static async Task<List<EventRecord>> WriteBatchedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventRecord> events,
        IReadOnlyList<LeaseRecord> upserts, IReadOnlyList<IPAddress> removals, CancellationToken cancellationToken)
    {
        var stored = new List<EventRecord>(events.Count);
        for (var start = 0; start < events.Count; start += StatementsPerRoundTrip)
        {
            var chunk = events.Skip(start).Take(StatementsPerRoundTrip).ToList();
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var e in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = EventStore.InsertSql;
                EventStore.AddInsertParameters(command, e);
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            foreach (var e in chunk)
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stored.Add(e with { Seq = reader.GetInt64(0) });
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var writes = upserts.Select(l => (Sql: LeaseStore.UpsertSql, Lease: l, Address: (IPAddress?)null))
            .Concat(removals.Select(a => (Sql: LeaseStore.DeleteSql, Lease: (LeaseRecord?)null!, Address: (IPAddress?)a)))
            .ToList();
        for (var start = 0; start < writes.Count; start += StatementsPerRoundTrip)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (sql, lease, address) in writes.Skip(start).Take(StatementsPerRoundTrip))
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                if (address is null)
                {
                    LeaseStore.AddUpsertParameters(command, lease);
                }
                else
                {
                    StoreDatabase.Add(command, ["k"], [AddressKey.Of(address)]);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }
}
