using System.Text.Json;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// What pguide-dhcp-client sent and received (its counts.json, written by DhcpClientCounters.WriteJson):
/// discover/request/release/decline/inform = sent, offer/ack/nak = received (an INFORM's ACK counts under ack),
/// allocationFailed = DISCOVERs without an OFFER, clients = distinct MACs.
/// </summary>
public sealed record ClientCounts(
    long Discover, long Offer, long Request, long Ack, long Nak, long Release, long Decline, long Inform, long AllocationFailed, long Clients)
{
    /// <summary>The counts every standard run against Kea or dhcpd gave (test/data/README.md).</summary>
    public static ClientCounts StandardScenario { get; } = new(25, 23, 26, 25, 3, 6, 2, 2, 2, 28);

    /// <summary>REQUESTs that are not the second half of a DORA: every OFFER is followed by one SELECTING REQUEST.</summary>
    public long InitRebootRequests => Request - Offer;

    /// <summary>ACKs that bound a lease (the others answer INFORMs).</summary>
    public long LeaseAcks => Ack - Inform;

    public static async Task<ClientCounts> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        long Get(string name) => root.GetProperty(name).GetInt64();
        return new ClientCounts(Get("discover"), Get("offer"), Get("request"), Get("ack"), Get("nak"), Get("release"), Get("decline"),
            Get("inform"), Get("allocationFailed"), Get("clients"));
    }
}
