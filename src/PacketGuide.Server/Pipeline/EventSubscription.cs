using System.Threading.Channels;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Pipeline;

/// <summary>One subscriber's events; dispose to leave.</summary>
public sealed class EventSubscription(ChannelReader<EventRecord> reader, Action leave) : IDisposable
{
    public ChannelReader<EventRecord> Reader { get; } = reader;

    public void Dispose() => leave();
}
