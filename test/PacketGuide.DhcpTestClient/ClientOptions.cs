using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace PacketGuide.DhcpTestClient;

/// <summary>Command-line options of pguide-dhcp-client (parsed by hand: this is a test tool).</summary>
public sealed class ClientOptions
{
    public const string Usage = """
        usage: pguide-dhcp-client --server IP:PORT --relay IP [--relay2 IP] [--port N] [--client-port N] [--scenario standard|dora|release]
                                  [--count N] [--lease MAC=IP]... [--timeout-ms N] [--out FILE] [--verbose]

          --server      where the DHCPv4 server listens, e.g. 127.0.0.1:6767 (Kea -p 6767) or 10.77.0.1:67 (dhcpd)
          --relay       giaddr and local bind address of the relay agent, e.g. 127.0.0.2
          --relay2      giaddr that selects the small (3-address) pool for the exhaustion step; default: relay + 1
          --port        local UDP port, where the server sends replies (Kea -P port; 67 for dhcpd); default 68
          --client-port where the server unicasts the ACK of an INFORM (to ciaddr = the relay address): dhcpd uses 68,
                        Kea its -P port; default: same as --port
          --scenario    standard (default): the fixed scenario described in README; dora: --count DORAs only;
                        release: a RELEASE (through --relay, server identifier = --server's address) of each --lease
          --count       number of DORAs for --scenario dora (default 10)
          --lease       for --scenario release: a lease to give back, as MAC=IP (e.g. 00:0c:01:02:03:04=10.78.0.10)
          --timeout-ms  how long to wait for each reply (default 1500)
          --out         write the client's counts as JSON to FILE (default: stdout)
          --verbose     log every exchange to stderr
        """;

    public required IPEndPoint Server { get; init; }

    public required IPAddress Relay { get; init; }

    public required IPAddress SecondRelay { get; init; }

    public int LocalPort { get; init; } = 68;

    /// <summary>The port for replies unicast to ciaddr; null means <see cref="LocalPort"/>.</summary>
    public int? ClientPort { get; init; }

    public string Scenario { get; init; } = "standard";

    public int Count { get; init; } = 10;

    /// <summary>The leases <c>--scenario release</c> gives back.</summary>
    public IReadOnlyList<(PhysicalAddress Mac, IPAddress Address)> Leases { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    public string? OutputPath { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Parses the arguments; returns null and sets <paramref name="error"/> when they are not usable.</summary>
    public static ClientOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        IPEndPoint? server = null;
        IPAddress? relay = null;
        IPAddress? relay2 = null;
        var port = 68;
        var clientPort = 0;
        var scenario = "standard";
        var count = 10;
        var timeoutMs = 1500;
        string? output = null;
        var verbose = false;
        var leases = new List<(PhysicalAddress, IPAddress)>();

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--verbose")
            {
                verbose = true;
                continue;
            }

            if (name is "-h" or "--help")
            {
                error = string.Empty;
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"missing value for {name}";
                return null;
            }

            var value = args[++i];
            var ok = name switch
            {
                "--server" => IPEndPoint.TryParse(value, out server) && server.Port != 0,
                "--relay" => IPAddress.TryParse(value, out relay),
                "--relay2" => IPAddress.TryParse(value, out relay2),
                "--port" => TryParsePort(value, out port),
                "--client-port" => TryParsePort(value, out clientPort),
                "--scenario" => (scenario = value) is "standard" or "dora" or "release",
                "--lease" => TryParseLease(value, leases),
                "--count" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0,
                "--timeout-ms" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timeoutMs) && timeoutMs > 0,
                "--out" => (output = value).Length > 0,
                _ => false,
            };
            if (!ok)
            {
                error = $"bad option or value: {name} {value}";
                return null;
            }
        }

        if (server is null || relay is null)
        {
            error = "--server and --relay are required";
            return null;
        }

        return new ClientOptions
        {
            Server = server,
            Relay = relay,
            SecondRelay = relay2 ?? NextAddress(relay),
            LocalPort = port,
            ClientPort = clientPort == 0 ? null : clientPort,
            Scenario = scenario,
            Count = count,
            Leases = leases,
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            OutputPath = output,
            Verbose = verbose,
        };
    }

    private static bool TryParseLease(string value, List<(PhysicalAddress, IPAddress)> leases)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || !PhysicalAddress.TryParse(value[..equals], out var mac) || !IPAddress.TryParse(value[(equals + 1)..], out var address))
        {
            return false;
        }

        leases.Add((mac, address));
        return true;
    }

    private static bool TryParsePort(string value, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= IPEndPoint.MaxPort;

    private static IPAddress NextAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 0 && ++bytes[i] == 0; i--)
        {
        }

        return new IPAddress(bytes);
    }
}
