using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>One BIND and one PowerDNS on 127.0.0.1 for a test class, both serving static.test from the same file.</summary>
public sealed class DnsServersFixture : IAsyncLifetime
{
    private readonly AsyncCleanup _cleanup = new();

    public static readonly string[] Programs = ["named", "pdns_server", "pdnsutil", "sqlite3", "dig", "nsupdate", "curl"];

    public BindServer Bind { get; private set; } = null!;

    public PowerDnsServer PowerDns { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!Prerequisites.Have(Programs))
        {
            return; // the tests skip themselves through Prerequisites.RequirePrograms
        }

        var ct = TestContext.Current.CancellationToken;
        var bindWork = _cleanup.Add("delete BIND work directory", TestWorkDirectory.Create("bind"));
        Bind = _cleanup.Add("stop BIND", new BindServer(bindWork));
        await Bind.StartAsync(ct);
        var pdnsWork = _cleanup.Add("delete PowerDNS work directory", TestWorkDirectory.Create("pdns"));
        PowerDns = _cleanup.Add("stop PowerDNS", new PowerDnsServer(pdnsWork));
        await PowerDns.StartAsync(ct);
    }

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();
}
