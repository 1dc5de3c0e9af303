using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>One real PostgreSQL per test class that needs it; each test gets a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly AsyncCleanup _cleanup = new();
    private int _databases;

    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!PostgresServer.Available)
        {
            return; // the tests skip themselves through PostgresServer.RequirePrerequisites
        }

        var work = _cleanup.Add("delete PostgreSQL work directory", TestWorkDirectory.Create("postgres"));
        Server = _cleanup.Add("stop PostgreSQL", new PostgresServer(work));
        await Server.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        PostgresServer.RequirePrerequisites();
        return Server.CreateDatabaseAsync($"t{Interlocked.Increment(ref _databases)}", cancellationToken);
    }

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();
}
