using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContractTests, IClassFixture<PostgresFixture>
{
    protected override async Task<StoreDatabase> OpenAsync()
    {
        var connection = await postgres.CreateDatabaseAsync(Ct);
        var db = StoreDatabase.Open(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connection }, Path.GetTempPath(), Time);
        Assert.Equal(Migrations.All.Select(m => m.Version), await db.MigrateAsync(Ct));
        return db;
    }

    [Fact]
    public async Task Replicas_starting_together_migrate_once()
    {
        var connection = await postgres.CreateDatabaseAsync(Ct);
        var options = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connection };
        var replicas = Enumerable.Range(0, 4).Select(_ => StoreDatabase.Open(options, Path.GetTempPath(), Time)).ToList();
        try
        {
            var applied = await Task.WhenAll(replicas.Select(r => r.MigrateAsync(Ct)));

            Assert.Equal(1, applied.Count(a => a.Count == Migrations.All.Count));
            Assert.Equal(3, applied.Count(a => a.Count == 0));
            Assert.All(await Task.WhenAll(replicas.Select(r => r.GetSchemaVersionAsync(Ct))), v => Assert.Equal(Migrations.All[^1].Version, v));
        }
        finally
        {
            foreach (var r in replicas)
            {
                await r.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_unreachable_database_fails_without_showing_the_password()
    {
        PostgresServer.RequirePrerequisites();
        var options = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = $"Host=127.0.0.1;Port=1;Username=x;Password=s3cret-value;Database=x;Timeout=2" };
        await using var db = StoreDatabase.Open(options, Path.GetTempPath(), Time);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => db.MigrateAsync(Ct));
        Assert.DoesNotContain("s3cret-value", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", db.Description, StringComparison.Ordinal);
    }
}
