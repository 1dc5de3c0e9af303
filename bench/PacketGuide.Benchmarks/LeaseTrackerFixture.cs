using System.Globalization;
using System.Net;
using System.Text;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Leases;

namespace PacketGuide.Benchmarks;

/// <summary>
/// The issue-3 scenario: a Kea configuration with 64 /16 subnets of two pools each (22,006 addresses a subnet, 1,408,384 in
/// all), and a <see cref="LeaseTracker"/> holding <see cref="Leases"/> active leases, 52-90 % of each subnet's pools
/// (71 % overall), granted by Kea ACKs spread over the hour before <see cref="Now"/>. Every lease has its own MAC and a
/// client id <c>01:MAC</c>; every third one a host name. Shared by <see cref="LeaseTrackerBenchmarks"/> and
/// <see cref="TrackerMemory"/>; deterministic (fixed seed, fixed clock).
/// </summary>
internal sealed class LeaseTrackerFixture : IDisposable
{
    public const int Leases = 1_000_000;
    public const int Subnets = 64;
    public const long LeaseSeconds = 86_400;

    /// <summary>Addresses per subnet: pool 1 is 10.S.0.10 - 10.S.42.255, pool 2 is 10.S.43.0 - 10.S.85.255.</summary>
    public const int PoolAddressesPerSubnet = (43 * 256) - 10 + (43 * 256);

    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory;

    private LeaseTrackerFixture(string directory, DhcpServerConfig config, LeaseTracker tracker, uint[] addresses)
    {
        _directory = directory;
        Config = config;
        Tracker = tracker;
        Addresses = addresses;
    }

    public DhcpServerConfig Config { get; }

    public LeaseTracker Tracker { get; }

    /// <summary>The leased addresses as IPv4 integers, in the order their ACKs were applied (time order).</summary>
    public uint[] Addresses { get; }

    /// <summary>Writes the configuration to a temporary directory and loads it (the lease table is not built).</summary>
    public static (string Directory, DhcpServerConfig Config) LoadConfig()
    {
        var subnets = new StringBuilder();
        for (var s = 0; s < Subnets; s++)
        {
            subnets.Append(CultureInfo.InvariantCulture, $$"""
                { "id": {{s + 1}}, "subnet": "10.{{s}}.0.0/16", "valid-lifetime": {{LeaseSeconds}},
                  "pools": [ { "pool": "10.{{s}}.0.10 - 10.{{s}}.42.255" }, { "pool": "10.{{s}}.43.0 - 10.{{s}}.85.255" } ] },
                """);
        }

        var directory = Path.Combine(Path.GetTempPath(), "pguide-tracker-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "kea-dhcp4.conf");
        File.WriteAllText(path, $$"""{ "Dhcp4": { "subnet4": [ {{subnets}} ] } }""");
        var config = DhcpConfigLoader.Load(path);
        _ = config.Index;
        return (directory, config);
    }

    /// <summary>Loads the configuration and applies <see cref="Leases"/> ACKs.</summary>
    public static LeaseTrackerFixture Build()
    {
        var (directory, config) = LoadConfig();
        var addresses = ChooseAddresses();
        var tracker = new LeaseTracker(new LeaseTrackerOptions(), new FixedTimeProvider(Now), config);
        for (var i = 0; i < addresses.Length; i++)
        {
            var change = tracker.Apply(Ack(i, addresses[i], Now.AddSeconds(-3600 + (3600.0 * i / addresses.Length))));
            if (change != LeaseChange.Added)
            {
                throw new InvalidOperationException($"lease {i}: {change}, expected Added");
            }
        }

        if (tracker.ActiveLeases != Leases)
        {
            throw new InvalidOperationException($"{tracker.ActiveLeases} active leases, expected {Leases}");
        }

        return new LeaseTrackerFixture(directory, config, tracker, addresses);
    }

    /// <summary>
    /// Which addresses are leased: per subnet a random sample of its pool addresses, 15,625 ± up to 4,200 (the deviations
    /// cancel in pairs, so the total is exactly <see cref="Leases"/>), then all of them shuffled into the order of their ACKs.
    /// </summary>
    public static uint[] ChooseAddresses()
    {
        var random = new Random(3);
        var chosen = new List<uint>(Leases);
        var pool = new uint[PoolAddressesPerSubnet];
        for (var s = 0; s < Subnets; s++)
        {
            var deviation = (s / 2 % 8) * 600;
            var count = (Leases / Subnets) + (s % 2 == 0 ? deviation : -deviation);
            var first = (10u << 24) | ((uint)s << 16);
            for (var k = 0; k < pool.Length; k++)
            {
                pool[k] = first + 10 + (uint)k;
            }

            random.Shuffle(pool);
            chosen.AddRange(pool.AsSpan(0, count));
        }

        var addresses = chosen.ToArray();
        random.Shuffle(addresses);
        return addresses;
    }

    /// <summary>Lease <paramref name="i"/>'s ACK at <paramref name="time"/>, as Kea's log gives it (new strings, as a parser makes).</summary>
    public static LeaseEvent Ack(int i, uint address, DateTimeOffset time)
    {
        var mac = MacOf(i);
        return new LeaseEvent
        {
            Time = time,
            Server = "kea1",
            Kind = DhcpMessageKind.Ack,
            Ip = AddressOf(address),
            Mac = mac,
            ClientId = "01:" + mac.ToString(),
            Hostname = i % 3 == 0 ? "host-" + i.ToString("D6", CultureInfo.InvariantCulture) : null,
            Subnet = ((address >> 16 & 0xff) + 1).ToString(CultureInfo.InvariantCulture),
            LeaseSeconds = LeaseSeconds,
            Source = new SourceLocation("kea-dhcp4.log", i + 1),
        };
    }

    public static MacAddress MacOf(int i) => new(0x02_16_3e_00_00_00UL | (uint)i);

    public static IPAddress AddressOf(uint address) => new(IPAddress.HostToNetworkOrder((int)address) & 0xffffffffL);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
