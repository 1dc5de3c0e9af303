using System.Buffers.Text;
using System.Data.Common;
using System.Net;
using System.Text;

namespace PacketGuide.Server.Storage;

/// <summary>Leases in the store: the pipeline keeps them in step with the lease tracker, the API lists them.</summary>
public sealed class LeaseStore(StoreDatabase database)
{
    internal const string Columns = "address, prefix_length, state, mac, client_id, hostname, server, subnet, subnet_id, pool, starts, expires";

    internal const string UpsertSql =
        "INSERT INTO leases (address_key, " + Columns + ") VALUES (@k, @a, @pl, @st, @m, @c, @h, @sv, @sn, @sid, @p, @s, @e) " +
        "ON CONFLICT (address_key) DO UPDATE SET address = excluded.address, prefix_length = excluded.prefix_length, state = excluded.state, " +
        "mac = excluded.mac, client_id = excluded.client_id, hostname = excluded.hostname, server = excluded.server, subnet = excluded.subnet, " +
        "subnet_id = excluded.subnet_id, pool = excluded.pool, starts = excluded.starts, expires = excluded.expires";

    internal const string DeleteSql = "DELETE FROM leases WHERE address_key = @k";

    /// <summary>Leases that match <paramref name="query"/> and have not expired at <paramref name="now"/>, by address.</summary>
    public async Task<Page<LeaseRecord>> ListAsync(LeaseQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // "+expires": keeps both planners off the expires index. Nearly every lease is current, so that index selects
        // nothing and costs a sort of the whole table per page; walking the primary key in order stops after one page.
        var sql = new StringBuilder("SELECT address_key, ").Append(Columns).Append(" FROM leases WHERE +expires > @now");
        var parameters = new List<(string, object?)> { ("now", now.ToUnixTimeMilliseconds()) };
        if (query.Subnet is { } subnet)
        {
            sql.Append(" AND subnet = @subnet");
            parameters.Add(("subnet", subnet));
        }

        if (query.Mac is { } mac)
        {
            sql.Append(" AND mac = @mac");
            parameters.Add(("mac", mac));
        }

        if (query.Hostname is { } hostname)
        {
            sql.Append(" AND hostname = @hostname");
            parameters.Add(("hostname", hostname));
        }

        if (query.State is { } state)
        {
            sql.Append(" AND state = @state");
            parameters.Add(("state", state));
        }

        if (query.Network is { } network)
        {
            var (first, last) = AddressKey.Range(network);
            sql.Append(" AND address_key >= @first AND address_key <= @last");
            parameters.Add(("first", first));
            parameters.Add(("last", last));
        }

        if (query.After is { } after)
        {
            sql.Append(" AND address_key > @after");
            parameters.Add(("after", after));
        }

        sql.Append(" ORDER BY address_key LIMIT @limit");
        parameters.Add(("limit", query.Limit + 1));

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<LeaseRecord>(Math.Min(query.Limit, 1000));
        byte[]? lastKey = null;
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            lastKey = reader.GetFieldValue<byte[]>(0);
            items.Add(Read(reader, 1));
        }

        return new Page<LeaseRecord>(items, more && lastKey is not null ? Base64Url.EncodeToString(lastKey) : null);
    }

    /// <summary>Decodes a cursor from <see cref="Page{T}.Next"/>; false when it is not one.</summary>
    public static bool TryParseCursor(string text, out byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = null;
        if (text.Length != 22 || !Base64Url.IsValid(text))
        {
            return false;
        }

        key = Base64Url.DecodeFromChars(text);
        return key.Length == 16;
    }

    /// <summary>Every lease still active at <paramref name="now"/>: what the tracker starts from after a restart.</summary>
    public async Task<IReadOnlyList<LeaseRecord>> LoadCurrentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "SELECT " + Columns + " FROM leases WHERE expires > @now", ("now", now.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var leases = new List<LeaseRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(Read(reader, 0));
        }

        return leases;
    }

    /// <summary>Deletes leases that expired before <paramref name="now"/>; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = StoreDatabase.Command(connection, null, "DELETE FROM leases WHERE expires <= @now", ("now", now.ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static readonly string[] UpsertNames = ["k", "a", "pl", "st", "m", "c", "h", "sv", "sn", "sid", "p", "s", "e"];

    internal static DbCommand PrepareUpsert(DbConnection connection, DbTransaction transaction) =>
        StoreDatabase.Prepare(connection, transaction, UpsertSql, UpsertNames);

    internal static void BindUpsert(DbCommand command, LeaseRecord lease) => StoreDatabase.Bind(command, UpsertValues(lease));

    internal static void AddUpsertParameters(DbBatchCommand command, LeaseRecord lease) => StoreDatabase.Add(command, UpsertNames, UpsertValues(lease));

    private static object?[] UpsertValues(LeaseRecord lease) =>
    [
        AddressKey.Of(IPAddress.Parse(lease.Address)), lease.Address, lease.PrefixLength, lease.State, lease.Mac, lease.ClientId, lease.Hostname,
        lease.Server, lease.Subnet, lease.SubnetId, lease.Pool, lease.Starts.ToUnixTimeMilliseconds(), lease.Expires.ToUnixTimeMilliseconds(),
    ];

    private static LeaseRecord Read(DbDataReader reader, int o) => new()
    {
        Address = reader.GetString(o),
        PrefixLength = reader.IsDBNull(o + 1) ? null : reader.GetInt32(o + 1),
        State = reader.GetString(o + 2),
        Mac = StringOrNull(reader, o + 3),
        ClientId = StringOrNull(reader, o + 4),
        Hostname = StringOrNull(reader, o + 5),
        Server = StringOrNull(reader, o + 6),
        Subnet = reader.GetString(o + 7),
        SubnetId = reader.IsDBNull(o + 8) ? null : reader.GetInt64(o + 8),
        Pool = StringOrNull(reader, o + 9),
        Starts = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(o + 10)),
        Expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(o + 11)),
    };

    internal static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
