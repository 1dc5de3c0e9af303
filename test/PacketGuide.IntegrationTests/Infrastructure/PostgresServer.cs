using System.Globalization;
using System.Text.RegularExpressions;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/services/postgres.sh): fresh each start, trust auth, fsync off.
/// Role pguide (password pguide) owns database pguide; <see cref="ConnectionString"/> is an Npgsql connection string for it.
/// For isolation a test class takes its own database with <see cref="CreateDatabaseAsync"/> (CREATE DATABASE as the
/// postgres superuser through psql, so this project needs no Npgsql reference).
/// </summary>
/// <example>
/// <code>
/// // in the test: PostgresServer.RequirePrerequisites();  (skips when not root or PostgreSQL is not installed)
/// var work = cleanup.Add("delete PostgreSQL work directory", TestWorkDirectory.Create("postgres"));
/// var postgres = cleanup.Add("stop PostgreSQL", new PostgresServer(work));
/// await postgres.StartAsync(ct);
/// var connectionString = await postgres.CreateDatabaseAsync("leases_tests", ct);
/// </code>
/// </example>
public sealed partial class PostgresServer(TestWorkDirectory workDirectory) : IAsyncDisposable
{
    private const string InstallHint = "apt-get install postgresql";

    private static readonly TimeSpan s_psqlTimeout = TimeSpan.FromSeconds(30);

    private IReadOnlyDictionary<string, string>? _env;

    public string Address => Env("PG_ADDRESS");

    public int Port => int.Parse(Env("PG_PORT"), CultureInfo.InvariantCulture);

    /// <summary><c>Host=127.0.0.1;Port=PORT;Username=pguide;Password=pguide;Database=pguide</c> (Npgsql).</summary>
    public string ConnectionString => Unquote(Env("PG_CONNECTION"));

    /// <summary>The superuser on trust auth: <c>Host=127.0.0.1;Port=PORT;Username=postgres;Database=postgres</c>.</summary>
    public string AdminConnectionString => Unquote(Env("PG_ADMIN_CONNECTION"));

    /// <summary>The server log; after <see cref="StopAsync"/> a copy is in the work directory as postgres.log.</summary>
    public string LogPath => Env("PG_LOG");

    /// <summary>
    /// True when the server can be started here: root (postgres.sh runs it as the postgres user) and a PostgreSQL server
    /// under /usr/lib/postgresql/*/bin. Fixtures start the server only then; the tests skip through
    /// <see cref="RequirePrerequisites"/>.
    /// </summary>
    public static bool Available => Environment.IsPrivilegedProcess && FindBinDirectory() is not null;

    /// <summary>Skips the current test unless the process is root and the PostgreSQL server programs are installed.</summary>
    public static void RequirePrerequisites()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("needs root (scripts/services/postgres.sh runs PostgreSQL as the postgres user, which only root can do)");
        }

        if (FindBinDirectory() is null)
        {
            Assert.Skip($"not installed: PostgreSQL server (initdb, pg_ctl, psql under /usr/lib/postgresql/*/bin) ({InstallHint})");
        }
    }

    /// <summary>The Npgsql connection string of database <paramref name="database"/> for the pguide role.</summary>
    public string ConnectionStringFor(string database) =>
        $"Host={Address};Port={Port};Username={Env("PG_USER")};Password={Env("PG_PASSWORD")};Database={ValidName(database)}";

    /// <summary>
    /// Creates an empty database owned by pguide (a copy of template1, tens of milliseconds) and returns its connection
    /// string. <paramref name="name"/> must match [a-z0-9_]{1,63}; it must not exist yet.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        ValidName(name);
        // Double quotes: a name may start with a digit. Its characters are checked above, so it cannot end the identifier.
        await PsqlAsync($"CREATE DATABASE \"{name}\" OWNER \"{Env("PG_USER")}\"", cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Runs one SQL command as the postgres superuser in database postgres (psql -c, so not in a transaction block).</summary>
    public async Task<ProcessResult> PsqlAsync(string sql, CancellationToken cancellationToken)
    {
        var psql = Path.Combine(Env("PG_BIN"), "psql");
        var result = await ProcessRunner.RunAsync(
            File.Exists(psql) ? psql : "psql",
            ["-h", Address, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres",
                "-X", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
            s_psqlTimeout,
            cancellationToken,
            new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "10" });
        return result.EnsureExitCode();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ServiceScript.RunAsync("postgres.sh", ["start", workDirectory.Path], cancellationToken);
        _env = await EnvFile.ReadAsync(workDirectory.File("postgres.env"), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await ServiceScript.RunAsync("postgres.sh", ["stop", workDirectory.Path], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The bin directory postgres.sh uses: PG_BIN, else /usr/lib/postgresql/15/bin, else the newest version's.</summary>
    private static string? FindBinDirectory()
    {
        static bool Complete(string dir) =>
            new[] { "initdb", "pg_ctl", "postgres", "psql" }.All(p => File.Exists(Path.Combine(dir, p)));

        var overridden = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Complete(overridden) ? overridden : null;
        }

        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(Root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseMajor(Path.GetFileName(d))))
            .Where(c => Complete(c.Dir))
            .OrderByDescending(c => c.Version == 15)
            .ThenByDescending(c => c.Version)
            .Select(c => c.Dir)
            .FirstOrDefault();
    }

    private static int ParseMajor(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1;

    private static string ValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return DatabaseName().IsMatch(name)
            ? name
            : throw new ArgumentException($"Database name '{name}' must match [a-z0-9_]{{1,63}}.", nameof(name));
    }

    /// <summary>postgres.sh single-quotes the connection strings (they contain ';') so that the env file can be sourced.</summary>
    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : value;

    [GeneratedRegex(@"^[a-z0-9_]{1,63}\z")]
    private static partial Regex DatabaseName();

    private string Env(string key) =>
        (_env ?? throw new InvalidOperationException("PostgreSQL has not been started.")).Require(key, "postgres.env");
}
