using System.CommandLine;
using PacketGuide.Cli.Output;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Storage;
using Spectre.Console;

namespace PacketGuide.Cli.Serve;

/// <summary><c>pguide apikey create|list|revoke</c>: API keys for <c>pguide serve</c>, in the store the service uses.</summary>
internal static class ApiKeyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var config = new Option<string>("--config") { Description = "pguide.yaml whose serve.storage names the store (default: ./pguide.yaml, $PGUIDE_CONFIG, /etc/pguide/pguide.yaml)." };
        var dataDir = new Option<string>("--data-dir") { Description = "The data directory of the SQLite store; overrides serve.data-dir (default ./pguide-data)." };
        var command = new Command("apikey", "API keys for pguide serve: stored hashed, shown once at creation.\n" +
            "Scopes: read (GET everything), write (also change hosts and DNS records), admin (also keys and zone applies).");

        var name = new Option<string>("--name") { Description = "Who or what uses the key (grafana, ops-script).", Required = true };
        var scope = new Option<string>("--scope") { Description = "read, write or admin.", DefaultValueFactory = _ => "read" };
        scope.AcceptOnlyFromAmong("read", "write", "admin");
        var create = new Command("create", "Create a key and print it once (it cannot be shown again).\nExample: pguide apikey create --name grafana --scope read")
        {
            name, scope, config, dataDir,
        };
        create.SetAction((parse, ct) => WithStoreAsync(env, "apikey create", parse.GetValue(config), parse.GetValue(dataDir), async keys =>
        {
            var s = ApiKeyStore.TryParseScope(parse.GetValue(scope), out var parsed) ? parsed : ApiScope.Read;
            var (record, key) = await keys.CreateAsync(parse.GetValue(name)!, s, ct).ConfigureAwait(false);
            await env.Output.WriteLineAsync(key).ConfigureAwait(false);
            await env.Error.WriteLineAsync($"pguide apikey: created {record.Id} ({record.Name}, {ApiKeyStore.ScopeName(record.Scope)}). Send it as 'Authorization: Bearer <key>'; it is not shown again.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));

        var json = new Option<bool>("--json") { Description = "A JSON array instead of a table." };
        var list = new Command("list", "List keys (id, name, scope, created, revoked); never their secrets.") { json, config, dataDir };
        list.SetAction((parse, ct) => WithStoreAsync(env, "apikey list", parse.GetValue(config), parse.GetValue(dataDir), async keys =>
        {
            var all = await keys.ListAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await env.Output.WriteLineAsync(JsonOutput.Document(w =>
                {
                    w.WriteStartArray();
                    foreach (var k in all)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", k.Id);
                        w.WriteString("name", k.Name);
                        w.WriteString("scope", ApiKeyStore.ScopeName(k.Scope));
                        w.WriteString("created", k.Created);
                        if (k.Revoked is { } revoked)
                        {
                            w.WriteString("revoked", revoked);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                })).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "name", "scope", "created", "revoked");
            foreach (var k in all)
            {
                table.AddRow(k.Id, Markup.Escape(k.Name), ApiKeyStore.ScopeName(k.Scope), k.Created.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    k.Revoked?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            ConsoleFactory.Create(env).Write(table);
            return ExitCodes.Ok;
        }, ct));

        var id = new Argument<string>("ID") { Description = "The key's id (the 12 hex digits after pgk_)." };
        var revoke = new Command("revoke", "Revoke a key; it stops working within 30 seconds.\nExample: pguide apikey revoke 3f9a0c1d2e4b") { id, config, dataDir };
        revoke.SetAction((parse, ct) => WithStoreAsync(env, "apikey revoke", parse.GetValue(config), parse.GetValue(dataDir), async keys =>
        {
            var which = parse.GetValue(id)!;
            if (await keys.RevokeAsync(which.StartsWith("pgk_", StringComparison.Ordinal) && which.Length >= 16 ? which[4..16] : which, ct).ConfigureAwait(false))
            {
                await env.Error.WriteLineAsync($"pguide apikey: revoked {which}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            return await CommandFailure.UsageAsync(env, "apikey revoke", $"no active key with id '{which}' (pguide apikey list shows them).").ConfigureAwait(false);
        }, ct));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static async Task<int> WithStoreAsync(CliEnvironment env, string verb, string? config, string? dataDir, Func<ApiKeyStore, Task<int>> action, CancellationToken cancellationToken)
    {
        ServeOptions options;
        try
        {
            options = await ServeConfiguration.LoadAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (ServeConfigException ex)
        {
            return await CommandFailure.UsageAsync(env, verb, ex.Message).ConfigureAwait(false);
        }

        var database = StoreDatabase.Open(options.Storage, dataDir ?? options.DataDirectory, env.Time);
        await using (database.ConfigureAwait(false))
        {
            try
            {
                await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException ex)
            {
                await env.Error.WriteLineAsync($"pguide {verb}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }

            return await action(new ApiKeyStore(database)).ConfigureAwait(false);
        }
    }
}
