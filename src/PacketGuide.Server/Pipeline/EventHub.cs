using System.Threading.Channels;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>
/// Hands each stored event to every live subscriber (the server-sent event stream, the dashboard). A subscriber that
/// cannot keep up loses its oldest unsent events, never the pipeline's time: the store still has them.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<EventRecord>> _subscribers = [];

    /// <summary>How many events a slow subscriber may fall behind before its oldest are dropped.</summary>
    public int Capacity { get; init; } = 4096;

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
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
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new EventSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
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

        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                foreach (var e in events)
                {
                    subscriber.Writer.TryWrite(e);
                }
            }
        }
    }
}
