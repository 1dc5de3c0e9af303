using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>
/// The store's contract, run against real SQLite (<see cref="SqliteStoreTests"/>) and real PostgreSQL
/// (<see cref="PostgresStoreTests"/>): the same SQL must mean the same thing on both.
/// </summary>
public abstract class StoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Now);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A migrated, empty store of the kind under test.</summary>
    protected abstract Task<StoreDatabase> OpenAsync();

    private static LeaseRecord Lease(string address, string subnet = "10.77.0.0/22", string? mac = null, string state = "active", string? hostname = null, int minutes = 60) => new()
    {
        Address = address,
        State = state,
        Mac = mac,
        Hostname = hostname,
        Subnet = subnet,
        SubnetId = 1,
        Server = "kea-dhcp4",
        Starts = Now.AddMinutes(-1),
        Expires = Now.AddMinutes(minutes),
    };

    private static EventRecord Event(string id, string kind, int secondsAgo, string? mac = null, string? subnet = null, string? address = null) => new()
    {
        Id = id,
        Time = Now.AddSeconds(-secondsAgo),
        Server = "kea-dhcp4",
        Kind = kind,
        Mac = mac,
        Subnet = subnet,
        Address = address,
        Source = "kea-dhcp4.log:1",
    };

    [Fact]
    public async Task Migrating_again_changes_nothing_and_reports_the_version()
    {
        await using var db = await OpenAsync();

        Assert.Empty(await db.MigrateAsync(Ct));
        Assert.Equal(Migrations.All[^1].Version, await db.GetSchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task Leases_page_in_numeric_address_order_with_nothing_lost_or_repeated()
    {
        await using var db = await OpenAsync();
        var leases = Enumerable.Range(0, 250).Select(i => Lease($"10.77.{i / 100}.{i % 100}")).Reverse().ToList();
        await new DhcpStateWriter(db).WriteAsync([], leases, [], Ct);
        var store = new LeaseStore(db);

        var seen = new List<string>();
        byte[]? after = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(new LeaseQuery { Limit = 100, After = after }, Now, Ct);
            seen.AddRange(page.Items.Select(l => l.Address));
            pages++;
            after = page.Next is null ? null : LeaseStore.TryParseCursor(page.Next, out var key) ? key : throw new InvalidOperationException(page.Next);
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"10.77.{i / 100}.{i % 100}"), seen);
    }

    [Fact]
    public async Task Lease_filters_combine()
    {
        await using var db = await OpenAsync();
        await new DhcpStateWriter(db).WriteAsync([],
        [
            Lease("10.77.1.1", mac: "02:00:00:00:01:01", hostname: "printer-1"),
            Lease("10.77.1.2", mac: "02:00:00:00:01:02", state: "declined"),
            Lease("10.78.0.10", subnet: "10.78.0.0/24", mac: "02:00:00:00:01:01"),
            Lease("10.77.1.3", minutes: -5),
            Lease("2001:db8::5", subnet: "2001:db8::/64"),
        ], [], Ct);
        var store = new LeaseStore(db);

        async Task<string[]> Addresses(LeaseQuery q) => [.. (await store.ListAsync(q, Now, Ct)).Items.Select(l => l.Address)];

        Assert.Equal(["10.77.1.1", "10.77.1.2", "10.78.0.10", "2001:db8::5"], await Addresses(new LeaseQuery()));
        Assert.Equal(["10.77.1.1", "10.77.1.2"], await Addresses(new LeaseQuery { Subnet = "10.77.0.0/22" }));
        Assert.Equal(["10.77.1.1", "10.78.0.10"], await Addresses(new LeaseQuery { Mac = "02:00:00:00:01:01" }));
        Assert.Equal(["10.78.0.10"], await Addresses(new LeaseQuery { Mac = "02:00:00:00:01:01", Network = IPNetwork.Parse("10.78.0.0/16") }));
        Assert.Equal(["10.77.1.2"], await Addresses(new LeaseQuery { State = "declined" }));
        Assert.Equal(["10.77.1.1"], await Addresses(new LeaseQuery { Hostname = "printer-1" }));
        Assert.Equal(["2001:db8::5"], await Addresses(new LeaseQuery { Network = IPNetwork.Parse("2001:db8::5/128") }));
        Assert.Empty(await Addresses(new LeaseQuery { Subnet = "' OR 1=1 --" }));
    }

    [Fact]
    public async Task A_batch_upserts_and_removes_and_expired_leases_are_deleted()
    {
        await using var db = await OpenAsync();
        var writer = new DhcpStateWriter(db);
        var store = new LeaseStore(db);
        await writer.WriteAsync([], [Lease("10.77.1.1", mac: "02:00:00:00:01:01"), Lease("10.77.1.2", minutes: 1)], [], Ct);
        await writer.WriteAsync([], [Lease("10.77.1.1", mac: "02:00:00:00:01:09", hostname: "renamed")], [IPAddress.Parse("10.77.1.9")], Ct);

        var one = Assert.Single((await store.ListAsync(new LeaseQuery { Network = IPNetwork.Parse("10.77.1.1/32") }, Now, Ct)).Items);
        Assert.Equal(("02:00:00:00:01:09", "renamed"), (one.Mac, one.Hostname));

        await writer.WriteAsync([], [], [IPAddress.Parse("10.77.1.1")], Ct);
        Assert.Equal(1, await store.DeleteExpiredAsync(Now.AddMinutes(2), Ct));
        Assert.Empty((await store.ListAsync(new LeaseQuery(), Now, Ct)).Items);
        Assert.Empty(await store.LoadCurrentAsync(Now, Ct));
    }

    [Fact]
    public async Task Redelivered_events_are_stored_once_and_listed_newest_first()
    {
        await using var db = await OpenAsync();
        var writer = new DhcpStateWriter(db);
        var first = await writer.WriteAsync([Event("a", "discover", 30), Event("b", "offer", 20), Event("c", "ack", 10)], [], [], Ct);
        var again = await writer.WriteAsync([Event("b", "offer", 20), Event("c", "ack", 10), Event("d", "nak", 5), Event(null!, "inform", 1)], [], [], Ct);

        Assert.Equal(3, first.Count);
        Assert.Equal(["d", null], again.Select(e => e.Id));
        Assert.True(again[0].Seq > first[^1].Seq);
        var page = await new EventStore(db).ListAsync(new EventQuery(), Ct);
        Assert.Equal(["inform", "nak", "ack", "offer", "discover"], page.Items.Select(e => e.Kind));
        Assert.Equal(Now.AddSeconds(-5), page.Items[1].Time);
    }

    [Fact]
    public async Task Event_filters_and_paging()
    {
        await using var db = await OpenAsync();
        var events = Enumerable.Range(0, 30).Select(i => Event($"e{i}", i % 3 == 0 ? "nak" : "ack", 300 - i, mac: i % 2 == 0 ? "02:00:00:00:00:02" : null, subnet: i < 10 ? "1" : "2")).ToList();
        await new DhcpStateWriter(db).WriteAsync(events, [], [], Ct);
        var store = new EventStore(db);

        Assert.Equal(10, (await store.ListAsync(new EventQuery { Kinds = ["nak"], Limit = 100 }, Ct)).Items.Count);
        Assert.Equal(30, (await store.ListAsync(new EventQuery { Kinds = ["nak", "ack"], Limit = 100 }, Ct)).Items.Count);
        Assert.Equal(10, (await store.ListAsync(new EventQuery { Subnet = "1" }, Ct)).Items.Count);
        Assert.Equal(15, (await store.ListAsync(new EventQuery { Mac = "02:00:00:00:00:02" }, Ct)).Items.Count);
        var window = await store.ListAsync(new EventQuery { From = Now.AddSeconds(-290), To = Now.AddSeconds(-280) }, Ct);
        Assert.Equal(Enumerable.Range(10, 10).Reverse().Select(i => $"e{i}"), window.Items.Select(e => e.Id));

        var ids = new List<string?>();
        long? before = null;
        do
        {
            var page = await store.ListAsync(new EventQuery { Limit = 7, Before = before }, Ct);
            ids.AddRange(page.Items.Select(e => e.Id));
            before = page.Next is null ? null : long.Parse(page.Next, System.Globalization.CultureInfo.InvariantCulture);
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => $"e{i}"), ids);
    }

    [Fact]
    public async Task Events_are_counted_per_minute_and_old_ones_expire()
    {
        await using var db = await OpenAsync();
        await new DhcpStateWriter(db).WriteAsync(
            [Event("1", "ack", 3600 * 24 * 40), Event("2", "ack", 150), Event("3", "nak", 130), Event("4", "ack", 125), Event("5", "ack", 10)], [], [], Ct);
        var store = new EventStore(db);

        var counts = await store.CountPerMinuteAsync(Now.AddHours(-1), Ct);
        Assert.Equal(4, counts.Sum(c => c.Count));
        Assert.Contains(counts, c => c.Kind == "nak" && c.Count == 1);
        Assert.All(counts, c => Assert.Equal(0, c.Minute % 60));

        Assert.Equal(1, await store.DeleteOlderThanAsync(Now.AddDays(-30), Ct));
        Assert.Equal(4, (await store.ListAsync(new EventQuery(), Ct)).Items.Count);
    }

    [Fact]
    public async Task Events_are_counted_per_subnet_kind_and_bucket_for_the_alert_engine()
    {
        await using var db = await OpenAsync();
        // Now is on a 15 s boundary: 10 and 14 s ago share a bucket, 16 s ago is the one before, 3 h ago is past "since".
        await new DhcpStateWriter(db).WriteAsync(
        [
            Event("1", "allocation-failed", 10, subnet: "10.78.0.0/24"), Event("2", "allocation-failed", 14, subnet: "10.78.0.0/24"),
            Event("3", "allocation-failed", 16, subnet: "10.78.0.0/24"), Event("4", "ack", 10, subnet: "10.78.0.0/24"),
            Event("5", "discover", 10, subnet: "10.78.0.0/24"), Event("6", "ack", 10), Event("7", "ack", 3 * 3600, subnet: "10.78.0.0/24"),
        ], [], [], Ct);

        var counts = await new EventStore(db).CountPerBucketAsync(Now.AddHours(-2), TimeSpan.FromSeconds(15), ["ack", "allocation-failed"], Ct);
        Assert.Equal(
            [("10.78.0.0/24", "ack", Now.AddSeconds(-15), 1L), ("10.78.0.0/24", "allocation-failed", Now.AddSeconds(-30), 1L), ("10.78.0.0/24", "allocation-failed", Now.AddSeconds(-15), 2L)],
            counts.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Time));
    }

    [Fact]
    public async Task Alert_state_is_replaced_on_save_and_read_back_whole()
    {
        await using var db = await OpenAsync();
        var state = new AlertStateStore(db, Time);
        Assert.Null(await state.LoadAsync("alerting", Ct));

        var big = "{\"x\":\"" + new string('y', 200_000) + " 'quoted' ✓\"}";
        await state.SaveAsync("alerting", "{}", Ct);
        await state.SaveAsync("alerting", big, Ct);
        Assert.Equal(big, await state.LoadAsync("alerting", Ct));
        Assert.Null(await state.LoadAsync("other", Ct));
    }

    [Fact]
    public async Task Validation_runs_go_from_queued_to_done_or_failed_and_page_newest_first()
    {
        await using var db = await OpenAsync();
        var runs = new ValidationRunStore(db);

        var first = await runs.CreateAsync("schedule", null, null, Ct);
        Assert.Equal(("queued", "schedule", (string?)null), (first.State, first.Trigger, first.RequestedBy));
        await runs.MarkRunningAsync(first.Id, Ct);
        Time.Advance(TimeSpan.FromSeconds(2));
        var zones = new[] { new ValidationZoneSummary("example.com.", ["127.0.0.1:53"], "warning", 0, 1, 2, 86400.5, new Dictionary<string, long> { ["127.0.0.1:53"] = 2026112701 }) };
        await runs.CompleteAsync(first.Id, "warning", zones, "{\"version\":1,\"zones\":[]}", Ct);
        var second = await runs.CreateAsync("api", "key:abc (ops)", ["example.com.", "example.org."], Ct);
        await runs.FailAsync(second.Id, "nothing to validate", Ct);
        var third = await runs.CreateAsync("api", null, null, Ct);

        var done = (await runs.GetAsync(first.Id, Ct))!;
        Assert.Equal(("done", "warning", Now.AddSeconds(2)), (done.State, done.Worst, done.Finished));
        var zone = Assert.Single(done.Zones!);
        Assert.Equal(("example.com.", 1, 86400.5, 2026112701L), (zone.Zone, zone.Warnings, zone.RrsigExpirySeconds, zone.Serials["127.0.0.1:53"]));
        Assert.Equal(1, done.Report!.Value.GetProperty("version").GetInt32());
        var failed = (await runs.GetAsync(second.Id, Ct))!;
        Assert.Equal(("failed", "nothing to validate", "key:abc (ops)"), (failed.State, failed.Error, failed.RequestedBy));
        Assert.Equal(["example.com.", "example.org."], failed.OnlyZones);
        Assert.Null(await runs.GetAsync(third.Id + 1000, Ct));

        var page = await runs.ListAsync(null, null, 2, Ct);
        Assert.Equal([third.Id, second.Id], page.Items.Select(r => r.Id));
        Assert.All(page.Items, r => Assert.Null(r.Report));
        var rest = await runs.ListAsync(long.Parse(page.Next!, System.Globalization.CultureInfo.InvariantCulture), null, 2, Ct);
        Assert.Equal([first.Id], rest.Items.Select(r => r.Id));
        Assert.Null(rest.Next);
        Assert.Equal([first.Id], (await runs.ListAsync(null, "done", 10, Ct)).Items.Select(r => r.Id));

        // A stop leaves the third queued: the next start fails it. Old runs go, but the newest done one stays.
        Assert.Equal(1, await runs.FailUnfinishedAsync("stopped", Ct));
        Assert.Equal("failed", (await runs.GetAsync(third.Id, Ct))!.State);
        Assert.Equal(0, await runs.DeleteOlderThanAsync(Now, Ct));
        Assert.Equal(2, await runs.DeleteOlderThanAsync(Now.AddDays(1), Ct));
        Assert.Equal([first.Id], (await runs.ListAsync(null, null, 10, Ct)).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task The_audit_log_keeps_changes_newest_first_with_their_detail()
    {
        await using var db = await OpenAsync();
        var audit = new AuditStore(db);

        await audit.AppendAsync("key:abc (ops)", "dns.record.set", "www.example.com. A", "{\"before\":null,\"after\":{\"values\":[\"192.0.2.1\"]}}", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await audit.AppendAsync("token:alice", "apikey.revoke", "0123456789ab", null, Ct);
        await audit.AppendAsync("token:alice", "dns.apply", "example.com.", "{\"applied\":3}", Ct);

        var page = await audit.ListAsync(null, 2, Ct);
        Assert.Equal(["dns.apply", "apikey.revoke"], page.Items.Select(a => a.Action));
        Assert.Null(page.Items[1].Detail);
        Assert.Equal(3, page.Items[0].Detail!.Value.GetProperty("applied").GetInt32());
        var rest = await audit.ListAsync(long.Parse(page.Next!, System.Globalization.CultureInfo.InvariantCulture), 2, Ct);
        var first = Assert.Single(rest.Items);
        Assert.Equal(("key:abc (ops)", "www.example.com. A", Now), (first.Actor, first.Target, first.Time));
        Assert.Equal("192.0.2.1", first.Detail!.Value.GetProperty("after").GetProperty("values")[0].GetString());
    }

    [Fact]
    public async Task The_outbox_hands_out_due_notifications_in_order_and_keeps_their_delivery_state()
    {
        await using var db = await OpenAsync();
        var outbox = new OutboxStore(db);
        await outbox.EnqueueAsync([
            new OutboxMessage("mail", "alertname=a", "firing", "{\"n\":1}", Now.AddHours(1)),
            new OutboxMessage("pager", "a|subnet=x", "firing", "{\"n\":2}", Now.AddHours(1)),
            new OutboxMessage("hook", "alertname=a", "firing", "{\"n\":3}", Now.AddMinutes(1)),
        ], Ct);

        var due = await outbox.DueAsync(10, Ct);
        Assert.Equal(["mail", "pager", "hook"], due.Select(d => d.Channel));
        Assert.All(due, d => Assert.Equal(("pending", 0), (d.State, d.Attempts)));
        await outbox.MarkDeliveredAsync(due[0].Id, Ct);
        await outbox.MarkRetryAsync(due[1].Id, Now.AddSeconds(30), "503 Service Unavailable", Ct);
        await outbox.MarkFailedAsync(due[2].Id, "400 Bad Request: no", Ct);
        Assert.Empty(await outbox.DueAsync(10, Ct));

        Time.Advance(TimeSpan.FromSeconds(30));
        var retry = Assert.Single(await outbox.DueAsync(10, Ct));
        Assert.Equal((due[1].Id, 1, "503 Service Unavailable"), (retry.Id, retry.Attempts, retry.LastError));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await outbox.ExpireAsync(Ct));

        var page = await outbox.ListAsync(null, null, 2, Ct);
        Assert.Equal(["failed", "expired"], page.Items.Select(n => n.State));
        var rest = await outbox.ListAsync(long.Parse(page.Next!, System.Globalization.CultureInfo.InvariantCulture), null, 2, Ct);
        var delivered = Assert.Single(rest.Items);
        Assert.Equal(("delivered", 1, "{\"n\":1}", Now), (delivered.State, delivered.Attempts, delivered.Body, delivered.Delivered));
        Assert.Equal([due[2].Id], (await outbox.ListAsync(null, "failed", 10, Ct)).Items.Select(n => n.Id));
        Assert.Equal(3, await outbox.DeleteOlderThanAsync(Now.AddHours(2), Ct));
        Assert.Empty((await outbox.ListAsync(null, null, 10, Ct)).Items);
    }

    [Fact]
    public async Task A_notification_waiting_for_a_retry_holds_back_the_later_ones_of_its_key()
    {
        await using var db = await OpenAsync();
        var outbox = new OutboxStore(db);
        await outbox.EnqueueAsync([
            new OutboxMessage("pager", "a|subnet=x", "firing", "{\"trigger\":1}", Now.AddHours(1)),
            new OutboxMessage("pager", "a|subnet=x", "resolved", "{\"resolve\":1}", Now.AddHours(1)),
            new OutboxMessage("pager", "b|subnet=y", "firing", "{\"other\":1}", Now.AddHours(1)),
        ], Ct);
        var first = (await outbox.DueAsync(10, Ct))[0];
        Assert.Equal(["firing", "firing"], (await outbox.DueAsync(10, Ct)).Select(n => n.Reason));

        await outbox.MarkRetryAsync(first.Id, Now.AddMinutes(1), "429", Ct);
        Assert.Equal(["b|subnet=y"], (await outbox.DueAsync(10, Ct)).Select(n => n.DedupKey)); // the resolve waits for its trigger
        Time.Advance(TimeSpan.FromMinutes(1));
        await outbox.MarkDeliveredAsync((await outbox.DueAsync(10, Ct))[0].Id, Ct);
        Assert.Contains(await outbox.DueAsync(10, Ct), n => n.Reason == "resolved");
    }

    [Fact]
    public async Task Silences_are_listed_until_they_end_and_can_be_ended_early()
    {
        await using var db = await OpenAsync();
        var silences = new SilenceStore(db);
        Assert.True(PacketGuide.Alerting.Routing.LabelMatcher.TryParse("subnet=~10\\.0\\..*", out var matcher, out _));

        var silence = await silences.CreateAsync([matcher!], Now, Now.AddHours(1), "key:abc (ops)", "maintenance", Ct);
        var listed = Assert.Single(await silences.ListAsync(all: false, Ct));
        Assert.Equal((silence.Id, "subnet=~10\\.0\\..*", "maintenance"), (listed.Id, listed.Matchers[0].ToString(), listed.Comment));
        Assert.True(listed.Matches([new("subnet", "10.0.3.0/24")]));

        Assert.True(await silences.ExpireAsync(silence.Id, Ct));
        Assert.False(await silences.ExpireAsync(silence.Id, Ct));
        Assert.Empty(await silences.ListAsync(all: false, Ct));
        Assert.Single(await silences.ListAsync(all: true, Ct));
    }

    [Fact]
    public async Task Hosts_are_created_updated_optimistically_and_deleted()
    {
        await using var db = await OpenAsync();
        var hosts = new HostStore(db);
        var hostile = "notes with 'quotes', \"double\", ; DROP TABLE hosts; -- and ünïcödé ✓ " + new string('x', 3000);
        var created = await hosts.CreateAsync(new HostRecord { Name = "printer-3", Mac = "02:00:00:00:01:07", Address = "10.77.1.6", Owner = "o'brien", Notes = hostile }, Ct);

        Assert.Equal(1, created.Version);
        Assert.Equal(hostile, (await hosts.GetAsync(created.Id, Ct))!.Notes);
        await Assert.ThrowsAsync<StoreConflictException>(() => hosts.CreateAsync(new HostRecord { Name = "printer-3" }, Ct));

        Time.Advance(TimeSpan.FromMinutes(1));
        var updated = await hosts.UpdateAsync(created.Id, created with { Owner = "ops" }, expectedVersion: 1, Ct);
        Assert.Equal((2L, "ops"), (updated!.Version, updated.Owner));
        Assert.True(updated.Updated > created.Updated);
        await Assert.ThrowsAsync<StoreConflictException>(() => hosts.UpdateAsync(created.Id, created with { Owner = "stale" }, expectedVersion: 1, Ct));

        var other = await hosts.CreateAsync(new HostRecord { Name = "switch-1" }, Ct);
        await Assert.ThrowsAsync<StoreConflictException>(() => hosts.UpdateAsync(other.Id, other with { Name = "printer-3" }, null, Ct));
        Assert.Null(await hosts.UpdateAsync(9999, other, null, Ct));

        Assert.Equal(["printer-3"], (await hosts.ListAsync("02:00:00:00:01:07", null, 10, Ct)).Items.Select(h => h.Name));
        var firstPage = await hosts.ListAsync(null, null, 1, Ct);
        Assert.NotNull(firstPage.Next);
        Assert.Equal(["switch-1"], (await hosts.ListAsync(null, long.Parse(firstPage.Next!, System.Globalization.CultureInfo.InvariantCulture), 1, Ct)).Items.Select(h => h.Name));

        Assert.True(await hosts.DeleteAsync(created.Id, Ct));
        Assert.False(await hosts.DeleteAsync(created.Id, Ct));
        Assert.Null(await hosts.GetAsync(created.Id, Ct));
    }

    [Fact]
    public async Task Api_keys_verify_only_whole_unrevoked_keys()
    {
        await using var db = await OpenAsync();
        var keys = new ApiKeyStore(db);
        var (record, key) = await keys.CreateAsync("grafana", ApiScope.Write, Ct);

        Assert.StartsWith($"pgk_{record.Id}_", key, StringComparison.Ordinal);
        Assert.Equal(ApiScope.Write, (await keys.VerifyAsync(key, Ct))?.Scope);
        Assert.Null(await keys.VerifyAsync(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), Ct));
        Assert.Null(await keys.VerifyAsync(key + "x", Ct));
        Assert.Null(await keys.VerifyAsync("pgk_000000000000_" + key[17..], Ct));
        Assert.Null(await keys.VerifyAsync("pgk_' OR 1=1 --_aaaaaaaaaaaaaaaaaaaaaaaa", Ct));
        Assert.Null(await keys.VerifyAsync("", Ct));
        Assert.Null(await keys.VerifyAsync(new string('a', 100_000), Ct));

        var listed = Assert.Single(await keys.ListAsync(Ct));
        Assert.DoesNotContain(key[17..], listed.ToString(), StringComparison.Ordinal);

        Assert.True(await keys.RevokeAsync(record.Id, Ct));
        Assert.False(await keys.RevokeAsync(record.Id, Ct));
        Assert.Null(await keys.VerifyAsync(key, Ct));
    }
}
