using System.Net.NetworkInformation;
using System.Text.Json;

namespace PacketGuide.DhcpTestClient;

/// <summary>
/// What the client sent and received, from its own point of view. One instance can be shared by several
/// <see cref="DhcpRelayClient"/>s (one per relay address) so that a scenario reports one set of totals.
/// </summary>
public sealed class DhcpClientCounters
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<DhcpMessageType, int> _sent = [];
    private readonly Dictionary<DhcpMessageType, int> _received = [];
    private int _allocationFailed;
    private int _noReply;

    public int Discover => Sent(DhcpMessageType.Discover);

    public int Offer => Received(DhcpMessageType.Offer);

    public int Request => Sent(DhcpMessageType.Request);

    /// <summary>ACKs received, including the ACKs that answer INFORMs.</summary>
    public int Ack => Received(DhcpMessageType.Ack);

    public int Nak => Received(DhcpMessageType.Nak);

    public int Release => Sent(DhcpMessageType.Release);

    public int Decline => Sent(DhcpMessageType.Decline);

    public int Inform => Sent(DhcpMessageType.Inform);

    /// <summary>DISCOVERs that got no OFFER before the timeout.</summary>
    public int AllocationFailed
    {
        get
        {
            lock (_lock)
            {
                return _allocationFailed;
            }
        }
    }

    /// <summary>Exchanges of any kind that expected a reply and got none.</summary>
    public int NoReply
    {
        get
        {
            lock (_lock)
            {
                return _noReply;
            }
        }
    }

    /// <summary>Distinct client hardware addresses that sent anything.</summary>
    public int Clients
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    internal void RecordSent(DhcpMessageType type, PhysicalAddress client)
    {
        lock (_lock)
        {
            _sent[type] = _sent.GetValueOrDefault(type) + 1;
            _clients.Add(client.ToString());
        }
    }

    internal void RecordReceived(DhcpMessageType type)
    {
        lock (_lock)
        {
            _received[type] = _received.GetValueOrDefault(type) + 1;
        }
    }

    internal void RecordNoReply(DhcpMessageType sent)
    {
        lock (_lock)
        {
            _noReply++;
            if (sent == DhcpMessageType.Discover)
            {
                _allocationFailed++;
            }
        }
    }

    /// <summary>Writes the counts as the flat JSON object that scripts and tests read (counts.json).</summary>
    public void WriteJson(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("discover", Discover);
        writer.WriteNumber("offer", Offer);
        writer.WriteNumber("request", Request);
        writer.WriteNumber("ack", Ack);
        writer.WriteNumber("nak", Nak);
        writer.WriteNumber("release", Release);
        writer.WriteNumber("decline", Decline);
        writer.WriteNumber("inform", Inform);
        writer.WriteNumber("allocationFailed", AllocationFailed);
        writer.WriteNumber("clients", Clients);
        writer.WriteEndObject();
        writer.Flush();
        destination.WriteByte((byte)'\n');
    }

    private int Sent(DhcpMessageType type)
    {
        lock (_lock)
        {
            return _sent.GetValueOrDefault(type);
        }
    }

    private int Received(DhcpMessageType type)
    {
        lock (_lock)
        {
            return _received.GetValueOrDefault(type);
        }
    }
}
