using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PacketGuide.Alerting.Config;
using PacketGuide.Alerting.Engine;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Alerting;
using PacketGuide.Server.Configuration;
using PacketGuide.Server.Metrics;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>The dispatcher on a real SQLite outbox, sending to the PagerDuty stand-in, with a clock the test moves.</summary>
public sealed class NotificationDispatcherTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly AsyncCleanup _cleanup = new();
    private readonly FakeTimeProvider _time = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task PagerDuty_channels_that_share_a_routing_key_share_its_per_minute_limit()
    {
        var pagerDuty = _cleanup.Add("stop the PagerDuty stand-in", await PagerDutyStandIn.StartAsync(Ct));
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("dispatcher"));
        await File.WriteAllTextAsync(work.File("key-a"), AlertReceivers.RoutingKey, Ct);
        await File.WriteAllTextAsync(work.File("key-b"), "0THERKEY0THERKEY0THERKEY0THERKEY", Ct);
        AlertChannel Pager(string name, string keyFile) => new()
        {
            Name = name, Type = AlertChannelType.PagerDuty, Url = new Uri(pagerDuty.Url), Secret = "file:" + work.File(keyFile), PerMinute = 3,
        };
        AlertChannel[] channels = [Pager("netops", "key-a"), Pager("netops-too", "key-a"), Pager("dns", "key-b")];

        var outbox = await OutboxAsync(work);
        await outbox.EnqueueAsync([.. channels.SelectMany(c => Enumerable.Range(0, 4).Select(i =>
            new OutboxMessage(c.Name, $"{c.Name}-{i}", "firing", $$$"""{"event_action":"trigger","dedup_key":"{{{c.Name}}}-{{{i}}}","payload":{"summary":"s","source":"x","severity":"critical"}}""", Start.AddDays(1))))], Ct);
        using var sender = new NotificationSender(_time);
        using var dispatcher = new NotificationDispatcher(outbox, new AlertChannels(channels, _ => null), new AlertEngine([], _time), sender, new ServeOptions(), new AlertMetrics(Prometheus.Metrics.NewCustomRegistry()), _time,
            NullLogger<NotificationDispatcher>.Instance);

        // The first minute: 3 events for the shared key (of 8 queued for it), 3 for the other key (of 4).
        while (await dispatcher.DeliverDueAsync(Ct) > 0)
        {
        }

        Assert.Equal((3, 3), Counts(pagerDuty));
        Assert.Equal(6, (await outbox.ListAsync(null, OutboxStore.Pending, 100, Ct)).Items.Count); // held back, not failed

        // A minute later, the next three of each key; then the rest.
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DeliverDueAsync(Ct);
        Assert.Equal((6, 4), Counts(pagerDuty));
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DeliverDueAsync(Ct);
        Assert.Equal((8, 4), Counts(pagerDuty));
        Assert.Empty((await outbox.ListAsync(null, OutboxStore.Pending, 100, Ct)).Items);
        Assert.Empty(pagerDuty.Violations);
    }

    [Fact]
    public async Task A_notification_that_throws_is_retried_and_the_others_still_go_out()
    {
        var pagerDuty = _cleanup.Add("stop the PagerDuty stand-in", await PagerDutyStandIn.StartAsync(Ct));
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("dispatcher"));
        await File.WriteAllTextAsync(work.File("key"), AlertReceivers.RoutingKey, Ct);
        AlertChannel[] channels =
        [
            new() { Name = "mail", Type = AlertChannelType.Email, Url = new Uri("smtp://127.0.0.1:9"), From = "a@example.test", To = ["b@example.test"], Tls = SmtpSecurity.None },
            new() { Name = "pager", Type = AlertChannelType.PagerDuty, Url = new Uri(pagerDuty.Url), Secret = "file:" + work.File("key") },
        ];
        var outbox = await OutboxAsync(work);
        // A mail body that is not the renderer's JSON (a damaged row): the sender throws on it.
        await outbox.EnqueueAsync(
        [
            new OutboxMessage("mail", "g", "firing", "not json {", Start.AddDays(1)),
            new OutboxMessage("pager", "k", "firing", """{"event_action":"trigger","dedup_key":"k","payload":{"summary":"s","source":"x","severity":"critical"}}""", Start.AddDays(1)),
        ], Ct);
        using var sender = new NotificationSender(_time);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var dispatcher = new NotificationDispatcher(outbox, new AlertChannels(channels, _ => null), new AlertEngine([], _time), sender, new ServeOptions(), new AlertMetrics(registry), _time,
            NullLogger<NotificationDispatcher>.Instance);

        Assert.Equal(2, await dispatcher.DeliverDueAsync(Ct));

        Assert.Single(pagerDuty.Accepted);
        var mail = Assert.Single((await outbox.ListAsync(null, OutboxStore.Pending, 100, Ct)).Items);
        Assert.Equal(("mail", 1), (mail.Channel, mail.Attempts));
        Assert.Contains("is an invalid JSON", mail.LastError, StringComparison.Ordinal);
        using var exposition = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(exposition, Ct);
        var text = System.Text.Encoding.UTF8.GetString(exposition.ToArray());
        Assert.Contains("pguide_alert_notifications_total{channel=\"mail\",outcome=\"retried\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pguide_alert_notifications_total{channel=\"pager\",outcome=\"delivered\"} 1", text, StringComparison.Ordinal);
    }

    /// <summary>A migrated SQLite store in <paramref name="work"/> on the test's clock, closed at cleanup, and its outbox.</summary>
    private async Task<OutboxStore> OutboxAsync(TestWorkDirectory work)
    {
        var database = StoreDatabase.Open(new StorageOptions(), work.Path, _time);
        _cleanup.Add("close the store", async () =>
        {
            await database.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        });
        await database.MigrateAsync(Ct);
        return new OutboxStore(database);
    }

    private static (int SharedKey, int OtherKey) Counts(PagerDutyStandIn pagerDuty) =>
        (pagerDuty.Accepted.Count(e => e.GetProperty("routing_key").GetString() == AlertReceivers.RoutingKey),
            pagerDuty.Accepted.Count(e => e.GetProperty("routing_key").GetString() != AlertReceivers.RoutingKey));
}
