using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Dhcp;
using PacketGuide.Server.Pipeline;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary><c>GET /api/v1/events</c> (newest first, paged) and <c>GET /api/v1/events/stream</c> (server-sent events).</summary>
internal static class EventEndpoints
{
    private static readonly string[] Kinds = [.. DhcpMessageKinds.All.Select(k => k.ToWireName())];

    public static void MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListAsync)
            .Produces<Page<EventRecord>>()
            .ProducesValidationProblem()
            .WithName("ListEvents")
            .WithSummary("DHCP events, newest first")
            .WithDescription("Filters: from and to (ISO 8601 or Unix seconds; from inclusive, to exclusive), kind (one or a comma list of discover, offer, request, ack, nak, release, decline, inform, expire, allocation-failed), subnet, mac. Page with limit and the next cursor.");
        api.MapGet("/events/rate", RateAsync)
            .WithName("EventRate")
            .WithSummary("Events per minute by kind")
            .WithDescription("For the last 'minutes' minutes (1-1440, default 60): one entry per minute and kind that had events; minute is the Unix time of the minute's start.");
        api.MapGet("/events/stream", StreamAsync)
            .WithName("StreamEvents")
            .WithSummary("Live DHCP events as server-sent events")
            .WithDescription("text/event-stream: one 'dhcp' event per DHCP event, its id the store's sequence number. Reconnect with Last-Event-ID (browsers do) to get what was missed, from the store. Same filters as /events: kind, subnet, mac.");
    }

    private static Task<IResult> ListAsync(HttpContext context, PipelineResponseCache cache, EventStore store, CancellationToken cancellationToken,
        string? from = null, string? to = null, string? kind = null, string? subnet = null, string? mac = null, string? limit = null, string? cursor = null)
    {
        var errors = new QueryErrors();
        var before = errors.NumericCursor(cursor);
        var query = new EventQuery
        {
            From = errors.Time("from", from),
            To = errors.Time("to", to),
            Kinds = errors.AnyOf("kind", kind, Kinds),
            Subnet = errors.Text("subnet", subnet),
            Mac = errors.Mac(mac),
            Limit = errors.Limit(limit),
            Before = before,
        };
        if (query.From > query.To)
        {
            errors.Add("from", "is after 'to'.");
        }

        if (errors.Any)
        {
            return Task.FromResult(errors.Problem());
        }

        return cache.GetAsync(context, () => store.ListAsync(query, cancellationToken));
    }

    private static async Task<IResult> RateAsync(EventStore store, TimeProvider time, CancellationToken cancellationToken, string? minutes = null)
    {
        var errors = new QueryErrors();
        var span = 60;
        if (minutes is not null && (!int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out span) || span is < 1 or > 1440))
        {
            errors.Add("minutes", $"'{QueryErrors.Clip(minutes)}' is not a whole number from 1 to 1440.");
            return errors.Problem();
        }

        var now = time.GetUtcNow();
        var since = DateTimeOffset.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / 60 - span + 1) * 60);
        var counts = await store.CountPerMinuteAsync(since, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<EventRate>>([.. counts.Select(c => new EventRate(c.Minute, c.Kind, c.Count))]);
    }

    private static async Task StreamAsync(HttpContext context, EventHub hub, EventStore store, CancellationToken cancellationToken,
        string? kind = null, string? subnet = null, string? mac = null)
    {
        var errors = new QueryErrors();
        var wantKinds = errors.AnyOf("kind", kind, Kinds);
        var wantSubnet = errors.Text("subnet", subnet);
        var wantMac = errors.Mac(mac);
        long? lastSeen = null;
        if (context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } last)
        {
            if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                lastSeen = seq;
            }
            else
            {
                errors.Add("Last-Event-ID", "not an event id this stream sent.");
            }
        }

        if (errors.Any)
        {
            await errors.Problem().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        bool Wanted(EventRecord e) => (wantKinds is null || wantKinds.Contains(e.Kind)) && (wantSubnet is null || e.Subnet == wantSubnet) && (wantMac is null || e.Mac == wantMac);

        // Subscribe before reading the backlog, so nothing falls between the two; the sequence number drops duplicates.
        using var subscription = hub.Subscribe();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        var sent = lastSeen ?? long.MaxValue;
        if (lastSeen is { } resumeAfter)
        {
            // Missed events, oldest first, at most 10,000: a client gone longer should reload the page.
            var missed = new List<EventRecord>();
            long? before = null;
            while (missed.Count < 10_000)
            {
                var page = await store.ListAsync(new EventQuery { Kinds = wantKinds, Subnet = wantSubnet, Mac = wantMac, Before = before, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
                missed.AddRange(page.Items.Where(e => e.Seq > resumeAfter));
                if (page.Next is null || page.Items.Count == 0 || page.Items[^1].Seq <= resumeAfter)
                {
                    break;
                }

                before = page.Items[^1].Seq;
            }

            missed.Reverse();
            sent = resumeAfter;
            foreach (var e in missed)
            {
                await WriteAsync(response, e, cancellationToken).ConfigureAwait(false);
                sent = e.Seq;
            }

            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var keepAlive = new PeriodicTimer(TimeSpan.FromSeconds(15));
            var reader = subscription.Reader;
            var waitData = reader.WaitToReadAsync(cancellationToken).AsTask();
            var waitTick = keepAlive.WaitForNextTickAsync(cancellationToken).AsTask();
            while (true)
            {
                var done = await Task.WhenAny(waitData, waitTick).ConfigureAwait(false);
                if (done == waitTick)
                {
                    await waitTick.ConfigureAwait(false);
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    waitTick = keepAlive.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await waitData.ConfigureAwait(false))
                {
                    return;
                }

                while (reader.TryRead(out var e))
                {
                    if ((lastSeen is null || e.Seq > sent) && Wanted(e))
                    {
                        await WriteAsync(response, e, cancellationToken).ConfigureAwait(false);
                        sent = e.Seq;
                    }
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                waitData = reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
    }

    private static async Task WriteAsync(HttpResponse response, EventRecord e, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(e, ServerJsonContext.Default.EventRecord);
        await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.Seq}\nevent: dhcp\ndata: {json}\n\n"), cancellationToken).ConfigureAwait(false);
    }
}
