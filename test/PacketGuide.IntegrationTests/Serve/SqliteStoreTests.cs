using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

public sealed class SqliteStoreTests : StoreContractTests, IAsyncDisposable
{
    private readonly TestWorkDirectory _work = TestWorkDirectory.Create("sqlite-store");

    protected override async Task<StoreDatabase> OpenAsync()
    {
        var db = StoreDatabase.Open(new StorageOptions(), _work.Path, Time);
        Assert.Equal(Migrations.All.Select(m => m.Version), await db.MigrateAsync(Ct));
        return db;
    }

    [Fact]
    public async Task A_store_from_a_newer_pguide_is_refused()
    {
        await using (var db = await OpenAsync())
        {
            await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_work.File("pguide.db")}");
            await raw.OpenAsync(Ct);
            await using var cmd = raw.CreateCommand();
            cmd.CommandText = "INSERT INTO schema_migrations (version, description, applied) VALUES (99, 'future', 0)";
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        await using var again = StoreDatabase.Open(new StorageOptions(), _work.Path, Time);
        var ex = await Assert.ThrowsAsync<StoreException>(() => again.MigrateAsync(Ct));
        Assert.Contains($"version 99, newer than this pguide knows ({Migrations.All[^1].Version})", ex.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return _work.DisposeAsync();
    }
}
