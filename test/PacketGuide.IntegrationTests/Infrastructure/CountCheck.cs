using System.Globalization;
using System.Text;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Collects expected-versus-parsed comparisons and fails once with all of them, so one run shows every mismatch
/// (and the file it came from), not just the first.
/// </summary>
public sealed class CountCheck(string subject)
{
    private readonly List<(string What, long Expected, long Actual)> _rows = [];

    public CountCheck Expect(string what, long expected, long actual)
    {
        _rows.Add((what, expected, actual));
        return this;
    }

    /// <summary>A log in which every message is visible: every kind, the clients and nothing unparsed equal the client's view.</summary>
    public CountCheck ExpectEveryKind(ClientCounts client, DhcpLogSummary log) => this
        .Expect("discover", client.Discover, log.ByKind[DhcpMessageKind.Discover])
        .Expect("offer", client.Offer, log.ByKind[DhcpMessageKind.Offer])
        .Expect("request", client.Request, log.ByKind[DhcpMessageKind.Request])
        .Expect("ack (incl. INFORM ACKs)", client.Ack, log.ByKind[DhcpMessageKind.Ack])
        .Expect("nak", client.Nak, log.ByKind[DhcpMessageKind.Nak])
        .Expect("release", client.Release, log.ByKind[DhcpMessageKind.Release])
        .Expect("decline", client.Decline, log.ByKind[DhcpMessageKind.Decline])
        .Expect("inform", client.Inform, log.ByKind[DhcpMessageKind.Inform])
        .Expect("allocation-failed (kind)", client.AllocationFailed, log.ByKind[DhcpMessageKind.AllocationFailed])
        .Expect("AllocationFailureCount", client.AllocationFailed, log.AllocationFailureCount)
        .Expect("clients (distinct MACs)", client.Clients, log.Clients)
        .Expect("unparsed", 0, log.UnparsedTotal);

    /// <summary>
    /// A lease journal (Kea memfile with lfc-interval 0, dhcpd.leases): the last record per address is its final state, so
    /// every bound lease is there once, as released, declined or still active.
    /// </summary>
    public CountCheck ExpectFinalLeaseStates(ClientCounts client, DhcpLogSummary leases) => this
        .Expect("ack (active leases)", client.LeaseAcks - client.Release - client.Decline, leases.ByKind[DhcpMessageKind.Ack])
        .Expect("release", client.Release, leases.ByKind[DhcpMessageKind.Release])
        .Expect("decline", client.Decline, leases.ByKind[DhcpMessageKind.Decline])
        .Expect("leases (all kinds)", client.LeaseAcks, leases.ByKind.Total)
        .Expect("unparsed", 0, leases.UnparsedTotal);

    public void AssertAll(DhcpLogSummary? summary = null)
    {
        if (_rows.TrueForAll(r => r.Expected == r.Actual))
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{subject}: parsed counts differ from the truth\n");
        foreach (var (what, expected, actual) in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {(expected == actual ? "  " : "!!")} {what,-28} expected {expected,6}  parsed {actual,6}\n");
        }

        foreach (var example in summary?.UnparsedExamples ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"  unparsed example: {example}\n");
        }

        Assert.Fail(text.ToString());
    }
}
