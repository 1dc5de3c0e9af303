using System.Threading.Channels;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// Hands each stored event to every live subscriber (the server-sent event stream, the dashboard). A subscriber that
/// cannot keep up loses its oldest unsent events, never the pipeline's time: the store still has them.
/// </summary>
public sealed class EventHub
{
    private readonly Lock gate = new();
    private readonly List<Channel<EventRecord>> subscribers = [];

    /// <summary>How many events a slow subscriber may fall behind before its oldest are dropped.</summary>
    public int Capacity { get; init; } = 4096;

    public int Subscribers
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

    public EventSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<EventRecord>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (gate)
        {
            subscribers.Add(channel);
        }

        return new EventSubscription(channel.Reader, () =>
        {
            lock (gate)
            {
                subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
    }

    public void Publish(IReadOnlyList<EventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            foreach (var subscriber in subscribers)
            {
                foreach (var e in events)
                {
                    subscriber.Writer.TryWrite(e);
                }
            }
        }
    }
}
