using System.CommandLine;
using PacketGuide.Cli.Dhcp;
using PacketGuide.Cli.Dhcp.Kea;
using PacketGuide.Cli.Dhcp.Leases;
using PacketGuide.Cli.Dns;
using PacketGuide.Cli.Serve;

namespace PacketGuide.Cli;

/// <summary>Builds the <c>pguide</c> command tree and runs it with PacketGuide's exit codes.</summary>
internal static class PguideCli
{
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "PacketGuide: DNS and DHCP operations toolkit.\n" +
            "Examples:\n" +
            "  pguide dhcp parse /var/log/kea/kea-dhcp4.log\n" +
            "  pguide dhcp parse --json kea-leases4.csv dhcpd.log.gz\n" +
            "  pguide dhcp tail '/var/log/kea/kea-dhcp4.log*'\n" +
            "  pguide dhcp pools --config /etc/kea/kea-dhcp4.conf /var/lib/kea/kea-leases4.csv\n" +
            "  pguide dhcp kea stats --url http://127.0.0.1:8000/\n" +
            "  pguide dns query www.example.com AAAA @192.0.2.53 @192.0.2.54\n" +
            "  pguide serve --demo\n" +
            "Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 unreachable dependency.");
        var dhcp = new Command("dhcp", "DHCP logs, leases and servers (ISC Kea, ISC dhcpd).");
        dhcp.Subcommands.Add(DhcpParseCommand.Create(env));
        dhcp.Subcommands.Add(DhcpTailCommand.Create(env));
        dhcp.Subcommands.Add(DhcpLeasesCommand.Create(env));
        dhcp.Subcommands.Add(DhcpPoolsCommand.Create(env));
        dhcp.Subcommands.Add(KeaCommand.Create(env));
        root.Subcommands.Add(dhcp);
        var dns = new Command("dns", "DNS lookups, records, and zones as code: check, import, plan, apply (BIND, PowerDNS, any server).");
        dns.Subcommands.Add(DnsQueryCommand.Create(env));
        dns.Subcommands.Add(DnsRecordCommand.Create(env));
        dns.Subcommands.Add(DnsCheckCommand.Create(env));
        dns.Subcommands.Add(DnsCheckCommand.CreateSchema(env));
        dns.Subcommands.Add(DnsImportCommand.Create(env));
        dns.Subcommands.Add(DnsPlanCommand.CreatePlan(env));
        dns.Subcommands.Add(DnsPlanCommand.CreateApply(env));
        dns.Subcommands.Add(DnsExportCommand.Create(env));
        dns.Subcommands.Add(DnsValidateCommand.Create(env));
        dns.Subcommands.Add(DnsDnssecCommand.Create(env));
        root.Subcommands.Add(dns);
        root.Subcommands.Add(ServeCommand.Create(env));
        root.Subcommands.Add(ApiKeyCommand.Create(env));
        root.Subcommands.Add(DashboardCommand.Create(env));
        root.Subcommands.Add(Alert.AlertCommand.Create(env));
        root.Subcommands.Add(CompletionCommand.Create(env));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = Build(env);
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var config = new InvocationConfiguration { Output = env.Output, Error = env.Error };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync($"pguide: {error.Message}").ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync("Run 'pguide --help' (or 'pguide <command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }

        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
