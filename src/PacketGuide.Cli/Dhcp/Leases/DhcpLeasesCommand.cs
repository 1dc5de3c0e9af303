using System.CommandLine;
using System.Net;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Kea;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary><c>pguide dhcp leases</c>: builds the lease state with <see cref="LeaseStateOptions"/> and lists it.</summary>
internal static class DhcpLeasesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var state = new LeaseStateOptions(reportsPools: false);
        var subnet = new Option<string>("--subnet") { Description = "Only this subnet: prefix (10.0.0.0/24), Kea subnet id (1) or shared-network name." };
        var mac = new Option<string>("--mac") { Description = "Only this client MAC (aa:bb:cc:dd:ee:ff)." };
        var ip = new Option<string>("--ip") { Description = "Only this address or network (10.0.0.5, 10.0.0.0/26, 2001:db8::/64)." };
        var declined = new Option<bool>("--declined") { Description = "Only declined addresses (address conflicts reported by clients)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {at, count, leases: [...], notes: [...]}." };
        var command = new Command("leases",
            "List the current leases: who holds which address, until when.\n" +
            LeaseStateOptions.Sources + "\n" +
            "Examples:\n" +
            "  pguide dhcp leases /var/lib/kea/kea-leases4.csv\n" +
            "  pguide dhcp leases --subnet 10.77.0.0/22 --config /etc/kea/kea-dhcp4.conf /var/log/kea/kea-dhcp4.log*\n" +
            "  pguide dhcp leases --mac 02:00:00:00:01:01 --socket /run/kea/kea4-ctrl-socket --json\n" +
            "  pguide dhcp leases --at end old-kea.log.gz          # the state when the log ended\n" +
            "Exit codes: 0 ok (also when nothing matches), 2 usage or input error, 3 Kea unreachable or refused.")
        {
            subnet, mac, ip, declined, json,
        };
        state.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            MacAddress? macFilter = null;
            if (parse.GetValue(mac) is { } macText)
            {
                if (!MacAddress.TryParse(macText, out var m))
                {
                    return await CommandFailure.UsageAsync(env, "dhcp leases", $"--mac: '{macText}' is not a MAC address (aa:bb:cc:dd:ee:ff).").ConfigureAwait(false);
                }

                macFilter = m;
            }

            IPNetwork? network = null;
            if (parse.GetValue(ip) is { } ipText)
            {
                if (!IPNetwork.TryParse(ipText, out var n))
                {
                    if (!IPAddress.TryParse(ipText, out var single))
                    {
                        return await CommandFailure.UsageAsync(env, "dhcp leases", $"--ip: '{ipText}' is neither an address nor a network (10.0.0.5, 10.0.0.0/24).").ConfigureAwait(false);
                    }

                    n = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
                }

                network = n;
            }

            var filter = new LeaseFilter
            {
                Subnet = parse.GetValue(subnet),
                Mac = macFilter,
                Network = network,
                State = parse.GetValue(declined) ? TrackedLeaseState.Declined : null,
            };
            return await LeaseCommandRunner.RunAsync(env, "dhcp leases", state, parse, follow: false, async (built, ct) =>
            {
                var leases = built.Monitor.Tracker.GetLeases(filter, built.At);
                if (parse.GetValue(json))
                {
                    await env.Output.WriteLineAsync(LeasesReport.Json(leases, built.At, built.Notes).AsMemory(), ct).ConfigureAwait(false);
                }
                else
                {
                    LeasesReport.Write(ConsoleFactory.Create(env), leases, built.At);
                    if (built.Drift is { } drift)
                    {
                        await env.Error.WriteLineAsync($"pguide dhcp leases: {PoolsReport.DriftLine(drift)}").ConfigureAwait(false);
                    }
                }

                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
