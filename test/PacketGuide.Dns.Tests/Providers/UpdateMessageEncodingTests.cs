using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using PacketGuide.Dns.Providers;
using DnsServer = PacketGuide.Dns.Query.DnsServer;

namespace PacketGuide.Dns.Tests.Providers;

/// <summary>
/// The bytes <see cref="Rfc2136Provider"/> puts on the wire, caught by a listener on 127.0.0.1 that reads one UPDATE and
/// closes (so the provider reports no answer), then decoded with ARSoft's parser: every name must read back as itself,
/// which fails when a compression pointer aims past the 14-bit limit.
/// </summary>
public sealed class UpdateMessageEncodingTests
{
    [Fact]
    public async Task A_message_far_past_16_KB_decodes_to_the_names_and_values_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var changes = Enumerable.Range(0, 1000)
            .Select(i => new DnsChange(DnsChangeKind.Replace, new DnsRecordSet(string.Create(CultureInfo.InvariantCulture, $"h{i}.bulk.test."), "A", 300, [Address(i)])))
            .ToList();

        var messages = await CaptureAsync("bulk.test.", changes, [], ct);

        var update = Assert.Single(messages);
        Assert.True(update.Length > 2 * 16_384, $"{update.Length} bytes: the test needs a message well past the pointer limit");
        var parsed = DnsUpdateMessage.Parse(update);
        Assert.Equal(2000, parsed.Updates.Count);
        var added = parsed.Updates.OfType<AddRecordUpdate>().Select(u => (ARecord)u.Record).ToList();
        Assert.Equal(changes.Select(c => c.RecordSet.Name), added.Select(r => r.Name.ToString()));
        Assert.Equal(changes.Select(c => c.RecordSet.Values[0]), added.Select(r => r.Address.ToString()));
        Assert.Equal(changes.Select(c => c.RecordSet.Name), parsed.Updates.OfType<DeleteAllRecordsUpdate>().Select(u => u.Name.ToString()));
    }

    [Fact]
    public async Task Names_in_record_data_and_prerequisites_decode_too()
    {
        var ct = TestContext.Current.CancellationToken;
        var changes = Enumerable.Range(0, 600)
            .Select(i => new DnsChange(DnsChangeKind.Replace,
                new DnsRecordSet(string.Create(CultureInfo.InvariantCulture, $"m{i}.bulk.test."), "MX", 300, [string.Create(CultureInfo.InvariantCulture, $"10 mail{i % 7}.bulk.test.")])))
            .ToList();
        DnsPrecondition[] preconditions = [DnsPrecondition.Absent("new.bulk.test.", "A"), new("old.bulk.test.", "A", ["192.0.2.1"])];

        var messages = await CaptureAsync("bulk.test.", changes, preconditions, ct);

        var parsed = DnsUpdateMessage.Parse(Assert.Single(messages));
        Assert.Collection(parsed.Prequisites,
            p => Assert.Equal("new.bulk.test.", Assert.IsType<RecordNotExistsPrequisite>(p).Name.ToString()),
            p => Assert.Equal("192.0.2.1", ((ARecord)Assert.IsType<RecordExistsValueDependantPrequisite>(p).Record).Address.ToString()));
        var exchangers = parsed.Updates.OfType<AddRecordUpdate>().Select(u => (MxRecord)u.Record).ToList();
        Assert.Equal(changes.Select(c => c.RecordSet.Name), exchangers.Select(r => r.Name.ToString()));
        Assert.Equal(Enumerable.Range(0, 600).Select(i => string.Create(CultureInfo.InvariantCulture, $"mail{i % 7}.bulk.test.")), exchangers.Select(r => r.ExchangeDomainName.ToString()));
    }

    [Fact]
    public async Task A_change_list_over_63_KB_is_split_and_only_the_first_message_carries_the_preconditions()
    {
        var ct = TestContext.Current.CancellationToken;
        var changes = Enumerable.Range(0, 3000)
            .Select(i => new DnsChange(DnsChangeKind.Replace, new DnsRecordSet(string.Create(CultureInfo.InvariantCulture, $"host-{i}.bulk.test."), "A", 300, [Address(i)])))
            .ToList();

        var messages = await CaptureAsync("bulk.test.", changes, [DnsPrecondition.Absent("guard.bulk.test.", "TXT")], ct);

        var parsed = messages.Select(DnsUpdateMessage.Parse).ToList();
        Assert.True(parsed.Count > 1, "3,000 changes fit one message?");
        Assert.All(parsed, (_, i) => Assert.True(messages[i].Length <= 65_535));
        Assert.Single(parsed[0].Prequisites);
        Assert.All(parsed.Skip(1), p => Assert.Empty(p.Prequisites));
        Assert.Equal(changes.Select(c => c.RecordSet.Name),
            parsed.SelectMany(p => p.Updates.OfType<AddRecordUpdate>()).Select(u => u.Record.Name.ToString()));
    }

    private static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");

    /// <summary>
    /// Applies the changes through the provider against a listener on 127.0.0.1 that keeps each UPDATE message and
    /// acknowledges it with a bare NOERROR, so a split list goes on. Only the encoding is under test here; what BIND makes of
    /// the messages is tested against BIND in the integration tests.
    /// </summary>
    private static async Task<List<byte[]>> CaptureAsync(string zone, IReadOnlyList<DnsChange> changes, IReadOnlyList<DnsPrecondition> preconditions,
        CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var caught = new List<byte[]>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    var stream = client.GetStream();
                    var header = new byte[2];
                    await stream.ReadExactlyAsync(header, stop.Token);
                    var message = new byte[(header[0] << 8) | header[1]];
                    await stream.ReadExactlyAsync(message, stop.Token);
                    caught.Add(message);
                    await stream.WriteAsync(Reply(message), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The provider is done.
            }
        }, cancellationToken);

        var provider = new Rfc2136Provider("capture", new DnsServer(IPAddress.Loopback, port), [zone], key: null, TimeSpan.FromSeconds(5));
        await provider.ApplyAsync(zone, changes, new DnsApplyOptions { Preconditions = preconditions }, cancellationToken);
        await stop.CancelAsync();
        await serving;
        return caught;
    }

    /// <summary>A NOERROR answer to an UPDATE: its ID, QR and opcode 5, one zone entry copied from the request, no records.</summary>
    private static byte[] Reply(byte[] request)
    {
        var zoneEnd = 12;
        while (request[zoneEnd] != 0)
        {
            zoneEnd += request[zoneEnd] + 1;
        }

        zoneEnd += 5; // root label, type, class
        var reply = new byte[2 + zoneEnd];
        reply[0] = (byte)(zoneEnd >> 8);
        reply[1] = (byte)zoneEnd;
        Array.Copy(request, 0, reply, 2, zoneEnd);
        reply[2 + 2] = 0x80 | (5 << 3); // QR, opcode UPDATE
        reply[2 + 3] = 0;                // RCODE NOERROR
        reply[2 + 6] = reply[2 + 7] = reply[2 + 8] = reply[2 + 9] = reply[2 + 10] = reply[2 + 11] = 0;
        return reply;
    }
}
