using System.CommandLine;
using PacketGuide.Cli.Output;
using PacketGuide.Dns.Query;

namespace PacketGuide.Cli.Dns;

/// <summary><c>pguide dns query</c>: parses dig-style arguments and calls <see cref="DnsQueryRunner"/>. No DNS logic lives here.</summary>
internal static class DnsQueryCommand
{
    public static Command Create(CliEnvironment env)
    {
        var tokens = new Argument<string[]>("ARGS")
        {
            Description = "NAME [TYPE...] [@SERVER[:PORT]...] [+tcp] [+dnssec] [+norec] [+short] [+timeout=S] [+tries=N], in any order, as dig takes them.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var reverse = new Option<string>("-x") { Description = "Reverse lookup: the PTR of this IPv4 or IPv6 address." };
        var port = new Option<int>("--port", "-p") { Description = "Port for servers given without one.", DefaultValueFactory = _ => 53 };
        var json = new Option<bool>("--json") { Description = "One JSON object with every server's full answer: header flags, rcode, sections, RRSIG windows." };
        var failOnError = new Option<bool>("--fail-on-error") { Description = "Exit 1 when a server answers NXDOMAIN or SERVFAIL (for scripts and CI)." };
        var file = new Option<string>("--file", "-f") { Description = "Batch mode, as dig -f: one 'NAME [TYPE...]' a line ('-' for stdin); the command line gives servers, +options and default types." };
        var resolvConf = new Option<string>("--resolv-conf") { Description = "Where to find servers when no @SERVER is given.", DefaultValueFactory = _ => ResolvConf.DefaultPath };
        var command = new Command("query",
            "Look a name up the way dig does, against one server or several side by side.\n" +
            "Types: A AAAA CNAME MX NS SOA TXT SRV PTR CAA DS DNSKEY RRSIG NSEC NSEC3PARAM TLSA SVCB HTTPS and TYPEnnn.\n" +
            "With several @servers the answers are compared record by record (TTLs shown, not compared): the quickest check\n" +
            "that secondaries agree. +dnssec sets the DO bit and shows each RRSIG's validity window. A truncated UDP answer is\n" +
            "asked again over TCP, as dig does. Without @SERVER the nameservers of /etc/resolv.conf are asked.\n" +
            "Examples:\n" +
            "  pguide dns query www.example.com AAAA @192.0.2.53\n" +
            "  pguide dns query example.com SOA @192.0.2.53 @198.51.100.53 +norec\n" +
            "  pguide dns query example.com DNSKEY +dnssec @127.0.0.1:5300\n" +
            "  pguide dns query -x 192.0.2.10 @127.0.0.1 +short\n" +
            "  pguide dns query www.example.com A AAAA @192.0.2.53 --json | jq '.questions[].servers[].answer'\n" +
            "  pguide dns query -f names.txt @192.0.2.53 +short          # one 'NAME [TYPE...]' a line\n" +
            "Exit codes: 0 answered, 1 NXDOMAIN/SERVFAIL with --fail-on-error, 2 usage error, 3 no server answered.")
        {
            tokens, reverse, port, file, json, failOnError, resolvConf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var defaultPort = parse.GetValue(port);
            if (defaultPort is < 1 or > 65535)
            {
                return await CommandFailure.UsageAsync(env, "dns query", $"--port: {defaultPort} is not a port (1-65535).").ConfigureAwait(false);
            }

            IReadOnlyList<string>? batch = null;
            if (parse.GetValue(file) is { } path0)
            {
                try
                {
                    batch = path0 == "-"
                        ? (await new StreamReader(env.OpenStandardInput()).ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Split('\n')
                        : await File.ReadAllLinesAsync(path0, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    return await CommandFailure.UsageAsync(env, "dns query", $"--file {path0}: {ex.Message}").ConfigureAwait(false);
                }
                catch (UnauthorizedAccessException ex)
                {
                    return await CommandFailure.UsageAsync(env, "dns query", $"--file {path0}: {ex.Message}").ConfigureAwait(false);
                }
            }

            var arguments = DnsQueryArguments.Parse(parse.GetValue(tokens) ?? [], parse.GetValue(reverse), defaultPort, new DnsQueryOptions(), out var error, batch);
            if (arguments is null)
            {
                return await CommandFailure.UsageAsync(env, "dns query", error!).ConfigureAwait(false);
            }

            var servers = arguments.Servers;
            if (servers.Count == 0)
            {
                var path = parse.GetValue(resolvConf) ?? ResolvConf.DefaultPath;
                servers = await ResolvConf.ReadServersAsync(path, cancellationToken).ConfigureAwait(false);
                if (servers.Count == 0)
                {
                    return await CommandFailure.UsageAsync(env, "dns query", $"no @SERVER given and no nameserver in {path}; give one: @192.0.2.53").ConfigureAwait(false);
                }
            }

            try
            {
                var exchanges = await new DnsQueryRunner(env.Time).QueryAsync(servers, arguments.Questions, arguments.Options, cancellationToken).ConfigureAwait(false);
                var questions = exchanges.Chunk(servers.Count).Select(DnsComparison.Of).ToList();
                var now = env.Time.GetUtcNow();
                if (parse.GetValue(json))
                {
                    await env.Output.WriteLineAsync(DnsQueryReport.Json(questions, now).AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                else if (arguments.Short)
                {
                    await env.Output.WriteAsync(DnsQueryReport.Short(questions).AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    DnsQueryReport.Write(ConsoleFactory.Create(env), questions, now);
                }

                if (exchanges.All(e => !e.Answered))
                {
                    return ExitCodes.Unreachable;
                }

                return parse.GetValue(failOnError) && exchanges.Any(e => e.ResponseCode is "NXDOMAIN" or "SERVFAIL") ? ExitCodes.Findings : ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }
}
