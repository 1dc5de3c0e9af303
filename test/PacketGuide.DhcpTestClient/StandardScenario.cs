using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace PacketGuide.DhcpTestClient;

/// <summary>
/// The fixed, deterministic client scenario behind the samples in test/data. Against one server it runs, in order:
/// <list type="number">
/// <item>20 DORAs through the main relay, MACs 02:00:00:00:01:01 to 02:00:00:00:01:14; odd clients send a host name
/// (host-01, host-03, ...).</item>
/// <item>6 RELEASEs: clients 1 to 6 release their addresses.</item>
/// <item>2 DECLINEs: clients 19 and 20 decline the addresses they were just ACKed.</item>
/// <item>2 INFORMs: clients 7 and 8, ciaddr = the relay address. Servers unicast the ACK of an INFORM to ciaddr
/// (Kea always; RFC 2131 section 4.3.5), not to giaddr, so ciaddr must be an address where this process really listens:
/// its own relay address. A leased 10.77.x.y ciaddr would make the server send the ACK to a host that does not exist.</item>
/// <item>3 INIT-REBOOT REQUESTs that an authoritative server NAKs: clients 02:00:00:00:04:01 to :03 ask for 192.0.2.10
/// (outside every subnet), for client 9's address, and for 198.51.100.77.</item>
/// <item>Pool exhaustion: 5 clients 02:00:00:00:05:01 to :05 run DORAs through the second relay, whose subnet has a
/// 3-address pool, so the last two DISCOVERs get no OFFER.</item>
/// </list>
/// Messages are sent one at a time and never retransmitted, so the counts are exact.
/// </summary>
public sealed class StandardScenario
{
    /// <summary>Number of DORAs in step 1.</summary>
    public const int DoraClients = 20;

    /// <summary>Number of clients in the exhaustion step.</summary>
    public const int ExhaustionClients = 5;

    private static readonly IPAddress[] s_nakTargetsOutsideSubnet = [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("198.51.100.77")];

    private readonly ClientOptions _options;
    private readonly TextWriter _log;

    public StandardScenario(ClientOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        _options = options;
        _log = log;
    }

    /// <summary>The MAC of client <paramref name="index"/> in group <paramref name="group"/>: 02:00:00:00:group:index.</summary>
    public static PhysicalAddress Mac(int group, int index) =>
        new([0x02, 0x00, 0x00, 0x00, checked((byte)group), checked((byte)index)]);

    /// <summary>Runs the scenario and returns what the client sent and received.</summary>
    public async Task<DhcpClientCounters> RunAsync(CancellationToken cancellationToken)
    {
        var counters = new DhcpClientCounters();
        await using var main = new DhcpRelayClient(
            _options.Server, _options.Relay, _options.LocalPort, counters, _options.Timeout, firstTransactionId: 0x00010001,
            clientPort: _options.ClientPort);

        // 1. DORAs.
        var bound = new DoraResult[DoraClients + 1];
        for (var i = 1; i <= DoraClients; i++)
        {
            var hostName = i % 2 == 1 ? string.Create(CultureInfo.InvariantCulture, $"host-{i:00}") : null;
            bound[i] = await main.DoraAsync(Mac(1, i), hostName, cancellationToken).ConfigureAwait(false);
            Log($"DORA {Mac(1, i)} host={hostName ?? "-"}: {Describe(bound[i])}");
        }

        // 2. RELEASEs.
        for (var i = 1; i <= 6; i++)
        {
            if (bound[i].Address is { } address)
            {
                await main.ReleaseAsync(Mac(1, i), address, ServerId(bound[i]), cancellationToken).ConfigureAwait(false);
                Log($"RELEASE {Mac(1, i)} {address}");
            }
        }

        // 3. DECLINEs of freshly ACKed addresses.
        for (var i = DoraClients - 1; i <= DoraClients; i++)
        {
            if (bound[i].Address is { } address)
            {
                await main.DeclineAsync(Mac(1, i), address, ServerId(bound[i]), cancellationToken).ConfigureAwait(false);
                Log($"DECLINE {Mac(1, i)} {address}");
            }
        }

        // 4. INFORMs. The ACK goes to ciaddr, so ciaddr is where this client really is: the relay address.
        for (var i = 7; i <= 8; i++)
        {
            var inform = await main.InformAsync(Mac(1, i), main.RelayAddress, cancellationToken).ConfigureAwait(false);
            Log($"INFORM {Mac(1, i)} ciaddr={main.RelayAddress}: {inform.Outcome}");
        }

        // 5. INIT-REBOOT requests for addresses the client must not get.
        IPAddress[] nakTargets =
            [s_nakTargetsOutsideSubnet[0], bound[9].Address ?? s_nakTargetsOutsideSubnet[1], s_nakTargetsOutsideSubnet[1]];
        for (var i = 0; i < nakTargets.Length; i++)
        {
            var mac = Mac(4, i + 1);
            var result = await main.InitRebootRequestAsync(mac, nakTargets[i], cancellationToken).ConfigureAwait(false);
            Log($"INIT-REBOOT {mac} requests {nakTargets[i]}: {result.Outcome} {result.Reply?.Message}");
        }

        // 6. Pool exhaustion through the second relay.
        await using var small = new DhcpRelayClient(
            _options.Server, _options.SecondRelay, _options.LocalPort, counters, _options.Timeout, firstTransactionId: 0x00050001);
        for (var i = 1; i <= ExhaustionClients; i++)
        {
            var result = await small.DoraAsync(Mac(5, i), null, cancellationToken).ConfigureAwait(false);
            Log($"DORA via {_options.SecondRelay} {Mac(5, i)}: {Describe(result)}");
        }

        return counters;
    }

    /// <summary>Runs <see cref="ClientOptions.Count"/> DORAs and nothing else (a quick smoke test).</summary>
    public async Task<DhcpClientCounters> RunDoraOnlyAsync(CancellationToken cancellationToken)
    {
        var counters = new DhcpClientCounters();
        await using var client = new DhcpRelayClient(
            _options.Server, _options.Relay, _options.LocalPort, counters, _options.Timeout, firstTransactionId: 0x00090001);
        for (var i = 1; i <= _options.Count; i++)
        {
            var mac = Mac(9 + (i >> 8), i & 0xff);
            var result = await client.DoraAsync(mac, null, cancellationToken).ConfigureAwait(false);
            Log($"DORA {mac}: {Describe(result)}");
        }

        return counters;
    }

    /// <summary>Gives back each of <see cref="ClientOptions.Leases"/> with a RELEASE through <see cref="ClientOptions.Relay"/>.</summary>
    public async Task<DhcpClientCounters> RunReleaseAsync(CancellationToken cancellationToken)
    {
        var counters = new DhcpClientCounters();
        await using var client = new DhcpRelayClient(
            _options.Server, _options.Relay, _options.LocalPort, counters, _options.Timeout, firstTransactionId: 0x000a0001);
        foreach (var (mac, address) in _options.Leases)
        {
            await client.ReleaseAsync(mac, address, _options.Server.Address, cancellationToken).ConfigureAwait(false);
            Log($"RELEASE {mac} {address}");
        }

        return counters;
    }

    private static IPAddress ServerId(DoraResult result) =>
        result.ServerIdentifier ?? throw new InvalidOperationException("The server sent no server identifier.");

    private static string Describe(DoraResult result) => result switch
    {
        { Offer: null } => "no OFFER",
        { IsBound: true } =>
            $"ACK {result.Address} lease={result.Request!.Reply!.LeaseTime?.TotalSeconds}s server={result.ServerIdentifier}",
        _ => $"OFFER {result.Offer.YourAddress} then {result.Request?.Outcome}",
    };

    private void Log(string message)
    {
        if (_options.Verbose)
        {
            _log.WriteLine(message);
        }
    }
}
