using System.Net;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// <see cref="Rfc2136Provider"/> and <see cref="DnsRecordEditor"/> against a real BIND: TSIG-signed updates with
/// hmac-sha256, hmac-sha512 and hmac-md5, each change checked by asking BIND over DNS. dyn.test is inline-signed, so the
/// answers also carry fresh signatures.
/// </summary>
public sealed class Rfc2136ProviderTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>
{
    private const string Zone = "dyn.test.";
    private const string Bulk = "bulk.test.";

    private Rfc2136Provider Provider(TsigKey? key) =>
        new("bind-test", new DnsServer(IPAddress.Loopback, servers.Bind.Port), [Zone, "2.0.192.in-addr.arpa."], key, TimeSpan.FromSeconds(5));

    private static TsigKey Key(string name, string algorithm, string secret) =>
        TsigKey.TryCreate(name, algorithm, secret, out var key, out var error) ? key : throw new InvalidOperationException(error);

    [Theory]
    [InlineData("ddns-key", "hmac-sha256")]
    [InlineData("ddns-key512", "hmac-sha512")]
    [InlineData("ddns-md5", "hmac-md5")]
    public async Task Set_add_remove_delete_with_each_tsig_algorithm_are_served(string keyName, string algorithm)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var secret = keyName switch { "ddns-key" => servers.Bind.KeySecret, "ddns-key512" => servers.Bind.Key512Secret, _ => servers.Bind.Md5Secret };
        var editor = new DnsRecordEditor(Provider(Key(keyName, algorithm, secret)));
        var name = $"{algorithm}.dyn.test.";

        Assert.True((await editor.SetAsync(Zone, name, "A", ["192.0.2.31", "192.0.2.32"], 120, false, ct)).Changed);
        await AssertServedAsync(name, 1, ["192.0.2.31", "192.0.2.32"], ct);
        Assert.False((await editor.SetAsync(Zone, name, "A", ["192.0.2.32", "192.0.2.31"], 120, false, ct)).Changed);

        Assert.True((await editor.AddAsync(Zone, name, "TXT", ["\"hello world\""], 300, false, ct)).Changed);
        Assert.True((await editor.RemoveAsync(Zone, name, "A", ["192.0.2.31"], false, ct)).Changed);
        await AssertServedAsync(name, 1, ["192.0.2.32"], ct);
        await AssertServedAsync(name, 16, ["\"hello world\""], ct);

        Assert.True((await editor.DeleteAsync(Zone, name, "A", false, ct)).Changed);
        await AssertServedAsync(name, 1, [], ct);
    }

    [Fact]
    public async Task A_ptr_in_the_reverse_zone()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var editor = new DnsRecordEditor(Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret)));

        await editor.SetAsync("2.0.192.in-addr.arpa.", "42.2.0.192.in-addr.arpa.", "PTR", ["host42.dyn.test."], 300, false, ct);

        await AssertServedAsync("42.2.0.192.in-addr.arpa.", 12, ["host42.dyn.test."], ct);
    }

    [Fact]
    public async Task Listing_reads_the_zone_by_signed_axfr_without_the_servers_dnssec_records()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;

        var sets = await Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret)).ListAsync(Zone, ct);

        Assert.Contains(sets, s => s.Name == "www.dyn.test." && s.Type == "A" && s.Values.SequenceEqual(["192.0.2.1"]));
        Assert.Contains(sets, s => s.Name == "dyn.test." && s.Type == "SOA");
        Assert.DoesNotContain(sets, s => s.Type is "RRSIG" or "NSEC" or "DNSKEY" or "TYPE65534");
    }

    [Fact]
    public async Task Wrong_secret_unknown_key_no_key_and_outside_names_are_told_apart()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var change = new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("nope.dyn.test.", "A", 300, ["192.0.2.66"]));

        var wrongSecret = await Assert.ThrowsAsync<DnsProviderException>(() =>
            Provider(Key("ddns-key", "hmac-sha256", Convert.ToBase64String(new byte[32]))).ApplyAsync(Zone, [change], cancellationToken: ct));
        Assert.Contains("BADSIG", wrongSecret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.Bind.KeySecret, wrongSecret.Message, StringComparison.Ordinal);

        var unknownKey = await Assert.ThrowsAsync<DnsProviderException>(() =>
            Provider(Key("no-such-key", "hmac-sha256", servers.Bind.KeySecret)).ApplyAsync(Zone, [change], cancellationToken: ct));
        Assert.Contains("BADKEY", unknownKey.Message, StringComparison.Ordinal);

        var noKey = await Assert.ThrowsAsync<DnsProviderException>(() => Provider(null).ApplyAsync(Zone, [change], cancellationToken: ct));
        Assert.Contains("REFUSED", noKey.Message, StringComparison.Ordinal);

        var outside = new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("www.static.test.", "A", 300, ["192.0.2.66"]));
        var notZone = await Assert.ThrowsAsync<DnsProviderException>(() =>
            Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret)).ApplyAsync(Zone, [outside], cancellationToken: ct));
        Assert.Contains("NOTZONE", notZone.Message, StringComparison.Ordinal);

        await AssertServedAsync("nope.dyn.test.", 1, [], ct);
    }

    [Fact]
    public async Task A_bind_key_file_is_read_as_tsig_keygen_writes_it()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        Assert.True(TsigKey.TryReadBindKeyFile(servers.Bind.KeyFile, out var key, out var error), error);
        Assert.Equal("ddns-key.", key.Name);
        Assert.Equal("hmac-sha256", key.Algorithm);
        Assert.DoesNotContain(servers.Bind.KeySecret, key.ToString(), StringComparison.Ordinal);

        var editor = new DnsRecordEditor(Provider(key));
        Assert.True((await editor.SetAsync(Zone, "keyfile.dyn.test.", "A", ["192.0.2.40"], 60, false, TestContext.Current.CancellationToken)).Changed);
    }

    [Fact]
    public async Task Preconditions_are_checked_by_bind_in_the_same_message_and_a_failed_one_changes_nothing()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var provider = Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret));
        const string name = "guarded.dyn.test.";
        await provider.ApplyAsync(Zone, [Replace(name, "192.0.2.50")], cancellationToken: ct);
        await AssertServedAsync(name, 1, ["192.0.2.50"], ct);

        DnsPrecondition[][] stale = [[DnsPrecondition.Absent(name, "A")], [new(name, "A", ["192.0.2.49"])], [new(name, "A", ["192.0.2.50", "192.0.2.49"])]];
        foreach (var preconditions in stale)
        {
            var error = await Assert.ThrowsAsync<DnsProviderException>(() =>
                provider.ApplyAsync(Zone, [Replace(name, "192.0.2.51")], new DnsApplyOptions { Preconditions = preconditions }, ct));
            Assert.Equal(DnsProviderFailure.PreconditionFailed, error.Failure);
            Assert.Contains("changed underneath", error.Message, StringComparison.Ordinal);
        }

        await AssertServedAsync(name, 1, ["192.0.2.50"], ct);

    }

    /// <summary>
    /// The SOA as read guards a whole change list: it holds until anything in the zone changes. Only in a zone BIND does
    /// not sign inline (bulk.test): with inline signing, AXFR serves the signed zone's serial, while prerequisites are
    /// checked against the unsigned zone, whose serial differs.
    /// </summary>
    [Fact]
    public async Task The_soa_as_read_guards_a_change_list_until_the_zone_changes()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var provider = BulkProvider();
        const string name = "soa-guarded.bulk.test.";

        var soa = (await provider.ListAsync(Bulk, ct)).Single(s => s.Type == "SOA");
        var guard = new DnsApplyOptions { Preconditions = [new DnsPrecondition(Bulk, "SOA", soa.Values)] };
        await provider.ApplyAsync(Bulk, [Replace(name, "192.0.2.52")], guard, ct);
        Assert.Equal(["192.0.2.52"], await ServedAsync(name, 1, ct));

        var again = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ApplyAsync(Bulk, [Replace(name, "192.0.2.53")], guard, ct));
        Assert.Equal(DnsProviderFailure.PreconditionFailed, again.Failure);
        Assert.Equal(["192.0.2.52"], await ServedAsync(name, 1, ct));
    }

    /// <summary>Eight writers add to one RRset at once, each its own value: read-modify-write with a prerequisite keeps them all.</summary>
    [Fact]
    public async Task Concurrent_adds_and_removes_on_one_name_all_take_effect()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        const string name = "crowd.dyn.test.";
        var values = Enumerable.Range(1, 8).Select(i => $"192.0.2.{100 + i}").ToList();

        await Task.WhenAll(values.Select(v => Task.Run(() =>
            new DnsRecordEditor(Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret))).AddAsync(Zone, name, "A", [v], 60, false, ct), ct)));
        await AssertServedAsync(name, 1, [.. values], ct);

        await Task.WhenAll(values.Take(6).Select(v => Task.Run(() =>
            new DnsRecordEditor(Provider(Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret))).RemoveAsync(Zone, name, "A", [v], false, ct), ct)));
        await AssertServedAsync(name, 1, [.. values.Skip(6)], ct);
    }

    /// <summary>
    /// 3,000 RRsets in one apply: UPDATE messages far past 16 KB (name compression must stay within its 14-bit offsets or
    /// BIND answers FORMERR), split at 63 KB with progress after each, and a listing that BIND sends as several AXFR messages.
    /// </summary>
    [Fact]
    public async Task Thousands_of_rrsets_go_in_few_large_messages_and_list_back_by_multi_message_axfr()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var provider = BulkProvider();
        var changes = Enumerable.Range(0, 3000).Select(i => Replace($"item{i}.bulk.test.", $"10.1.{i >> 8}.{i & 255}")).ToList();
        var reports = new List<int>();

        await provider.ApplyAsync(Bulk, changes, new DnsApplyOptions { Progress = new Reports(reports) }, ct);

        Assert.InRange(reports.Count, 2, 5);
        Assert.Equal(3000, reports[^1]);
        var listed = await provider.ListAsync(Bulk, ct);
        Assert.Equal(3000, listed.Count(s => s.Type == "A" && s.Name.StartsWith("item", StringComparison.Ordinal)));
        Assert.Contains(listed, s => s.Name == "item2999.bulk.test." && s.Values.SequenceEqual(["10.1.11.183"]));
        Assert.Equal(["10.1.0.0"], await ServedAsync("item0.bulk.test.", 1, ct));
        Assert.Equal(["10.1.11.183"], await ServedAsync("item2999.bulk.test.", 1, ct));
    }

    private Rfc2136Provider BulkProvider() => new("bind-test", new DnsServer(IPAddress.Loopback, servers.Bind.Port), [Bulk],
        Key("ddns-key", "hmac-sha256", servers.Bind.KeySecret), TimeSpan.FromSeconds(20));

    private static DnsChange Replace(string name, params string[] values) => new(DnsChangeKind.Replace, new DnsRecordSet(name, "A", 60, values));

    private sealed class Reports(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }

    /// <summary>dyn.test is inline-signed: BIND serves a change once it has signed it, a moment later. Polls (a limit, not a measurement).</summary>
    private async Task AssertServedAsync(string name, ushort type, string[] expected, CancellationToken cancellationToken)
    {
        List<string> served = [];
        for (var i = 0; i < 100; i++)
        {
            served = await ServedAsync(name, type, cancellationToken);
            if (served.SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), served);
    }

    private async Task<List<string>> ServedAsync(string name, ushort type, CancellationToken cancellationToken)
    {
        var exchanges = await new DnsQueryRunner(TimeProvider.System).QueryAsync([new DnsServer(IPAddress.Loopback, servers.Bind.Port)], [(name, type)],
            new DnsQueryOptions { Recursion = false, Retries = 1 }, cancellationToken);
        var exchange = Assert.Single(exchanges);
        Assert.True(exchange.Answered, exchange.Error);
        return [.. exchange.Answers.Where(a => a.Type != "RRSIG").Select(a => a.Data).Order(StringComparer.Ordinal)];
    }
}
