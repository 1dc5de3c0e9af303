using System.Net;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// <see cref="PowerDnsProvider"/> and <see cref="DnsRecordEditor"/> against a real PowerDNS: every change is checked by
/// asking the server over DNS, not by trusting the API's answer. Each test uses names of its own in api.test.
/// </summary>
public sealed class PowerDnsProviderTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IDisposable
{
    private const string Zone = "api.test.";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    private PowerDnsProvider Provider(string? key = null, string? url = null) =>
        new("pdns-test", _http, new Uri(url ?? servers.PowerDns.ApiUrl), key ?? servers.PowerDns.ApiKey);

    [Fact]
    public async Task Set_is_served_over_dns_and_setting_the_same_again_changes_nothing()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var editor = new DnsRecordEditor(Provider());

        var first = await editor.SetAsync(Zone, "set.api.test.", "A", ["192.0.2.1", "192.0.2.2"], 120, dryRun: false, ct);
        Assert.True(first.Changed);
        Assert.Null(first.Before);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], await ServedAsync("set.api.test.", 1, ct));

        var again = await editor.SetAsync(Zone, "set.api.test.", "A", ["192.0.2.2", "192.0.2.1"], 120, dryRun: false, ct);
        Assert.False(again.Changed);

        var ttl = await editor.SetAsync(Zone, "set.api.test.", "A", ["192.0.2.2", "192.0.2.1"], 60, dryRun: false, ct);
        Assert.True(ttl.Changed);
        Assert.Equal(60, (await QueryAsync("set.api.test.", 1, ct)).Answers[0].Ttl);

        var dry = await editor.SetAsync(Zone, "set.api.test.", "A", ["192.0.2.3"], null, dryRun: true, ct);
        Assert.True(dry.Changed);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], await ServedAsync("set.api.test.", 1, ct));
    }

    [Fact]
    public async Task Add_and_remove_single_values_and_the_last_removal_deletes_the_rrset()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var editor = new DnsRecordEditor(Provider());
        const string Name = "mx.api.test.";

        Assert.True((await editor.AddAsync(Zone, Name, "MX", ["10 mail1.api.test."], 300, false, ct)).Changed);
        Assert.True((await editor.AddAsync(Zone, Name, "MX", ["20 mail2.api.test."], null, false, ct)).Changed);
        Assert.False((await editor.AddAsync(Zone, Name, "MX", ["10 mail1.api.test."], null, false, ct)).Changed);
        Assert.Equal(["10 mail1.api.test.", "20 mail2.api.test."], await ServedAsync(Name, 15, ct));

        Assert.True((await editor.RemoveAsync(Zone, Name, "MX", ["10 mail1.api.test."], false, ct)).Changed);
        Assert.Equal(["20 mail2.api.test."], await ServedAsync(Name, 15, ct));

        var last = await editor.RemoveAsync(Zone, Name, "MX", ["20 mail2.api.test."], false, ct);
        Assert.Null(last.After);
        Assert.Equal("NXDOMAIN", (await QueryAsync(Name, 15, ct)).ResponseCode);
        Assert.False((await editor.DeleteAsync(Zone, Name, "MX", false, ct)).Changed);
    }

    [Fact]
    public async Task Txt_values_with_quotes_and_a_long_txt_survive_the_round_trip()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var editor = new DnsRecordEditor(Provider());
        var longTxt = string.Join(' ', Enumerable.Range(0, 8).Select(i => $"\"{new string((char)('a' + i), 255)}\""));

        await editor.SetAsync(Zone, "txt.api.test.", "TXT", ["\"v=spf1 -all\"", "\"say \\\"hi\\\"\"", longTxt], 300, false, ct);

        var served = await QueryAsync("txt.api.test.", 16, ct);
        Assert.Equal("udp+tcp", served.Transport);
        Assert.Equal(new[] { "\"say \\\"hi\\\"\"", "\"v=spf1 -all\"", longTxt }.Order(StringComparer.Ordinal), served.Answers.Select(a => a.Data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_content_is_refused_with_powerdns_reason_and_nothing_changes()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var provider = Provider();
        await provider.ApplyAsync(Zone, [new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("keep.api.test.", "A", 300, ["192.0.2.9"]))], cancellationToken: ct);

        // One bad RRset in a PATCH: PowerDNS applies none of it.
        var error = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ApplyAsync(Zone,
        [
            new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("keep.api.test.", "A", 300, ["192.0.2.10"])),
            new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("bad.api.test.", "A", 300, ["not-an-ip"])),
        ], cancellationToken: ct));

        Assert.Contains("(422)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not-an-ip", error.Message, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.9"], await ServedAsync("keep.api.test.", 1, ct));
    }

    [Fact]
    public async Task Wrong_key_unknown_zone_and_no_server_are_clear_and_never_show_the_key()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        const string WrongKey = "wrong-key-Zq81x";

        var unauthorized = await Assert.ThrowsAsync<DnsProviderException>(() => Provider(WrongKey).ListAsync(Zone, ct));
        Assert.Contains("refused the API key (401)", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.PowerDns.ApiKey, unauthorized.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<DnsProviderException>(() => Provider().ListAsync("nowhere.test.", ct));
        Assert.Contains("has no zone nowhere.test. (404)", missing.Message, StringComparison.Ordinal);

        var closed = new Uri($"http://127.0.0.1:{ClosedTcpPort()}/api/v1/servers/localhost");
        var unreachable = await Assert.ThrowsAsync<DnsProviderException>(() => Provider(url: closed.AbsoluteUri).ListAsync(Zone, ct));
        Assert.Equal(DnsProviderFailure.Unreachable, unreachable.Failure);
        Assert.Contains("did not answer", unreachable.Message, StringComparison.Ordinal);
    }

    /// <summary>PowerDNS's sqlite backend answers 500 "database is locked" to concurrent writes; the provider retries them.</summary>
    [Fact]
    public async Task Concurrent_sets_of_one_name_leave_exactly_one_writers_rrset()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var editor = new DnsRecordEditor(Provider());
        var writers = Enumerable.Range(1, 12).Select(i => (string[])[$"192.0.2.{i}", $"198.51.100.{i}"]).ToList();

        await Task.WhenAll(writers.Select(values => editor.SetAsync(Zone, "race.api.test.", "A", values, 300, false, ct)));

        var served = await ServedAsync("race.api.test.", 1, ct);
        Assert.Contains(writers, w => w.Order(StringComparer.Ordinal).SequenceEqual(served));
    }

    /// <summary>PowerDNS has no conditional PATCH: the provider reads the zone first and refuses when a precondition fails.</summary>
    [Fact]
    public async Task A_precondition_that_no_longer_holds_stops_the_patch()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var provider = Provider();
        var change = new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("cond.api.test.", "A", 60, ["192.0.2.70"]));

        await provider.ApplyAsync(Zone, [change], new DnsApplyOptions { Preconditions = [DnsPrecondition.Absent("cond.api.test.", "A")] }, ct);
        Assert.Equal(["192.0.2.70"], await ServedAsync("cond.api.test.", 1, ct));

        var moved = change with { RecordSet = change.RecordSet with { Values = ["192.0.2.71"] } };
        var error = await Assert.ThrowsAsync<DnsProviderException>(() =>
            provider.ApplyAsync(Zone, [moved], new DnsApplyOptions { Preconditions = [DnsPrecondition.Absent("cond.api.test.", "A")] }, ct));
        Assert.Equal(DnsProviderFailure.PreconditionFailed, error.Failure);
        Assert.Equal(["192.0.2.70"], await ServedAsync("cond.api.test.", 1, ct));

        await provider.ApplyAsync(Zone, [moved], new DnsApplyOptions { Preconditions = [new DnsPrecondition("cond.api.test.", "A", ["192.0.2.70"])] }, ct);
        Assert.Equal(["192.0.2.71"], await ServedAsync("cond.api.test.", 1, ct));
    }

    private async Task<DnsExchange> QueryAsync(string name, ushort type, CancellationToken cancellationToken)
    {
        var server = new DnsServer(IPAddress.Loopback, servers.PowerDns.Port);
        var exchanges = await new DnsQueryRunner(TimeProvider.System).QueryAsync([server], [(name, type)],
            new DnsQueryOptions { Recursion = false, Retries = 1 }, cancellationToken);
        var exchange = Assert.Single(exchanges);
        Assert.True(exchange.Answered, exchange.Error);
        return exchange;
    }

    private async Task<List<string>> ServedAsync(string name, ushort type, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(name, type, cancellationToken)).Answers.Select(a => a.Data).Order(StringComparer.Ordinal)];

    private static int ClosedTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
