using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Dnssec;
using PacketGuide.IntegrationTests.Infrastructure;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The PowerDNS ZSK rollover's waits, on a fake clock against a real PowerDNS: a step taken too early does nothing and
/// says until when; once the clock passes that time, the next step runs without --force.
/// </summary>
public sealed class DnssecRolloverClockTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>
{
    [Fact]
    public async Task Each_step_waits_for_its_ttl_on_the_clock_and_then_goes_on()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        const string Zone = "clock-pdns.test.";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await servers.PowerDns.CreateZoneAsync(Zone, ct);

        Assert.True(SecretReference.TryParse("env:CLOCK_TEST_KEY", out var key, out _));
        var definition = new DnsProviderDefinition("pdns", "powerdns", [], "test")
        {
            Url = new Uri(servers.PowerDns.ApiUrl),
            ApiKey = key,
            DnsAddress = new DnsServer(IPAddress.Loopback, servers.PowerDns.Port),
        };
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var manager = DnssecManagerFactory.Create(definition, http, name => name == "CLOCK_TEST_KEY" ? servers.PowerDns.ApiKey : null, clock);
        await manager.EnableAsync(Zone, new DnssecSettings(true, SplitKeys: true), dryRun: false, ct);

        var first = await manager.RolloverAsync(Zone, new RolloverOptions(DryRun: false, IgnoreWaits: false), ct);
        Assert.Equal(1, first.Step);
        var until = Assert.NotNull(first.NotBefore);
        Assert.True(until > clock.GetUtcNow());

        clock.Advance((until - clock.GetUtcNow()) / 2);
        var early = await manager.RolloverAsync(Zone, new RolloverOptions(DryRun: false, IgnoreWaits: false), ct);
        Assert.True(early.Waiting);
        Assert.Equal(1, early.Step);
        Assert.InRange(Assert.NotNull(early.NotBefore), until - TimeSpan.FromSeconds(1), until); // kept in PowerDNS's metadata to the second

        clock.Advance(until - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var second = await manager.RolloverAsync(Zone, new RolloverOptions(DryRun: false, IgnoreWaits: false), ct);
        Assert.Equal(2, second.Step);
        Assert.False(second.Waiting);

        clock.Advance(second.NotBefore!.Value - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var third = await manager.RolloverAsync(Zone, new RolloverOptions(DryRun: false, IgnoreWaits: false), ct);
        Assert.Equal(3, third.Step);
        Assert.Null(third.Next);
        var status = await manager.StatusAsync(Zone, ct);
        Assert.Single(status.Keys, k => k.Role == "ZSK");
    }
}
