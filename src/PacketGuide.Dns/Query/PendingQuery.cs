using ARSoft.Tools.Net;

namespace PacketGuide.Dns.Query;

/// <summary>One question in flight: its encoded message (the id patched in), where and when it was sent, who waits for it.</summary>
internal sealed class PendingQuery(string name, DomainName domainName, ushort type, bool dnssecOk, byte[] packet)
{
    public string Name { get; } = name;

    /// <summary>The name as ARSoft parsed it, to compare with the answer's question (case-insensitively, as DNS does).</summary>
    public DomainName DomainName { get; } = domainName;

    public ushort Type { get; } = type;

    public bool DnssecOk { get; } = dnssecOk;

    /// <summary>The query message; bytes 0-1 are the transaction id.</summary>
    public byte[] Packet { get; } = packet;

    public ushort Id { get; set; }

    public int Socket { get; set; }

    public int Attempts { get; set; }

    public long FirstSent { get; set; }

    public long LastSent { get; set; }

    /// <summary>Who waits for a single query (<see cref="DnsQueryEngine.QueryAsync"/>); null for the bulk path.</summary>
    public TaskCompletionSource<DnsAnswer>? Completion { get; init; }

    /// <summary>Where the bulk path wants the answer (called on the receive loop: must not block); null for a single query.</summary>
    public Action<DnsAnswer>? OnAnswer { get; init; }

    /// <summary>Hands the answer over. Called once: only whoever removed the query from its table delivers.</summary>
    public void Deliver(DnsAnswer answer)
    {
        if (OnAnswer is { } onAnswer)
        {
            onAnswer(answer);
        }
        else
        {
            Completion?.TrySetResult(answer);
        }
    }

    /// <summary>Fails a single query's waiter (cancelled, or the engine disposed); the bulk path's waiter is its channel.</summary>
    public void Abandon(Exception reason)
    {
        if (OnAnswer is null)
        {
            Completion?.TrySetException(reason);
        }
    }

    /// <summary>Whether an answer's question is this one: same name (ignoring case) and type.</summary>
    public bool Matches(DomainName name, ushort type) => type == Type && name.Equals(DomainName, ignoreCase: true);

    public void SetId(ushort id)
    {
        Id = id;
        Packet[0] = (byte)(id >> 8);
        Packet[1] = (byte)id;
    }
}
