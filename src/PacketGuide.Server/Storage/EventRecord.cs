using PacketGuide.Dhcp;

namespace PacketGuide.Server.Storage;

/// <summary>A DHCP event as the store keeps it, the API lists it and the event stream sends it.</summary>
public sealed record EventRecord
{
    /// <summary>The store's sequence number: newest events have the highest; the paging cursor.</summary>
    public long Seq { get; init; }

    /// <summary>The tail's event id (file identity and line), which makes a re-delivered event recognisable.</summary>
    public string? Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string Server { get; init; }

    /// <summary>discover, offer, request, ack, nak, release, decline, inform, expire, allocation-failed.</summary>
    public required string Kind { get; init; }

    public string? Address { get; init; }

    public string? Mac { get; init; }

    public string? ClientId { get; init; }

    public string? Hostname { get; init; }

    public string? Subnet { get; init; }

    public string? Via { get; init; }

    public long? LeaseSeconds { get; init; }

    /// <summary>file:line of the log line.</summary>
    public string? Source { get; init; }

    public static EventRecord From(LeaseEvent e, DateTimeOffset fallbackTime)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventRecord
        {
            Id = e.Id,
            Time = e.Time ?? fallbackTime,
            Server = e.Server,
            Kind = e.Kind.ToWireName(),
            Address = e.Ip?.ToString(),
            Mac = e.Mac?.ToString(),
            ClientId = e.ClientId,
            Hostname = e.Hostname,
            Subnet = e.Subnet,
            Via = e.Via,
            LeaseSeconds = e.LeaseSeconds,
            Source = e.Source.ToString(),
        };
    }
}
