using BenchmarkDotNet.Attributes;
using PacketGuide.Dhcp;

namespace PacketGuide.Benchmarks;

/// <summary>
/// Per-line cost of lines that yield an event. Each invocation parses <see cref="Samples.BatchSize"/> distinct variants of
/// one real line, so Mean reads as ns/line and Allocated as bytes/line.
/// </summary>
[MemoryDiagnoser]
public class EventLineBenchmarks
{
    private LineBench _keaInfoAlloc = null!;
    private LineBench _keaDebugReceived = null!;
    private LineBench _keaRfc5424Alloc = null!;
    private LineBench _keaRfc3164Alloc = null!;
    private LineBench _dhcpdRfc3164Ack = null!;
    private LineBench _dhcpdStderrAck = null!;

    [Params(Sink.Summary, Sink.Events)]
    public Sink Sink { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keaInfoAlloc = Make("Kea file INFO DHCP4_LEASE_ALLOC", DhcpLogFormat.Kea, "test/data/kea4/info/kea-dhcp4.log", "DHCP4_LEASE_ALLOC");
        _keaDebugReceived = Make("Kea file DEBUG DHCP4_PACKET_RECEIVED", DhcpLogFormat.Kea, "test/data/kea4/debug45/kea-dhcp4.log",
            "DHCP4_PACKET_RECEIVED");
        _keaRfc5424Alloc = Make("Kea RFC 5424 DHCP4_LEASE_ALLOC", DhcpLogFormat.Kea, "test/data/kea4/syslog/kea-dhcp4.rfc5424.log",
            "DHCP4_LEASE_ALLOC");
        _keaRfc3164Alloc = Make("Kea RFC 3164 DHCP4_LEASE_ALLOC", DhcpLogFormat.Kea, "test/data/kea4/syslog/kea-dhcp4.syslog",
            "DHCP4_LEASE_ALLOC");
        _dhcpdRfc3164Ack = Make("dhcpd RFC 3164 DHCPACK", DhcpLogFormat.Dhcpd, "test/data/dhcpd/syslog/dhcpd.rfc3164.log", "DHCPACK on");
        _dhcpdStderrAck = Make("dhcpd stderr DHCPACK", DhcpLogFormat.Dhcpd, "test/data/dhcpd/stderr/dhcpd.log", "DHCPACK on");
    }

    /// <summary>(a) Kea file layout, INFO DHCP4_LEASE_ALLOC (test/data/kea4/info).</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaInfoLeaseAlloc() => _keaInfoAlloc.Run();

    /// <summary>Kea file layout, DEBUG DHCP4_PACKET_RECEIVED: the received-DISCOVER/REQUEST event of debug logs.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaDebugPacketReceived() => _keaDebugReceived.Run();

    /// <summary>(f) Kea over RFC 5424 syslog, DHCP4_LEASE_ALLOC.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaRfc5424LeaseAlloc() => _keaRfc5424Alloc.Run();

    /// <summary>Kea over RFC 3164 syslog, DHCP4_LEASE_ALLOC.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaRfc3164LeaseAlloc() => _keaRfc3164Alloc.Run();

    /// <summary>(c) dhcpd over RFC 3164 syslog, DHCPACK with a host name.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long DhcpdRfc3164Ack() => _dhcpdRfc3164Ack.Run();

    /// <summary>(d) bare dhcpd stderr (dhcpd -d), DHCPACK with a host name.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long DhcpdStderrAck() => _dhcpdStderrAck.Run();

    private LineBench Make(string name, DhcpLogFormat format, string sample, string marker) =>
        new(name, format, Samples.Distinct(Samples.FirstLine(sample, marker)), Sink, Expect.Event);
}

/// <summary>
/// Per-line cost of lines that yield no event: Kea debug chatter, dhcpd's notes about itself, and text that is not a
/// DHCP server log at all. The target is zero bytes allocated per line here.
/// </summary>
[MemoryDiagnoser]
public class NonEventLineBenchmarks
{
    private LineBench _keaBufferReceived = null!;
    private LineBench _keaHostsLookup = null!;
    private LineBench _keaSubnetSelected = null!;
    private LineBench _dhcpdStderrNote = null!;
    private LineBench _garbageKea = null!;
    private LineBench _garbageDhcpd = null!;
    private LineBench _otherProgram = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string Debug45 = "test/data/kea4/debug45/kea-dhcp4.log";
        _keaBufferReceived = Same("Kea DEBUG DHCP4_BUFFER_RECEIVED", DhcpLogFormat.Kea, Samples.FirstLine(Debug45, "DHCP4_BUFFER_RECEIVED"),
            Expect.NonEvent);
        _keaHostsLookup = Same("Kea DEBUG HOSTS_CFG_GET_ALL_IDENTIFIER (unknown id)", DhcpLogFormat.Kea,
            Samples.FirstLine(Debug45, "HOSTS_CFG_GET_ALL_IDENTIFIER "), Expect.NonEvent);
        _keaSubnetSelected = new LineBench("Kea DEBUG DHCP4_SUBNET_SELECTED", DhcpLogFormat.Kea,
            Samples.Distinct(Samples.FirstLine(Debug45, "DHCP4_SUBNET_SELECTED")), Sink.Summary, Expect.NonEvent);
        _dhcpdStderrNote = Same("dhcpd stderr 'Listening on'", DhcpLogFormat.Dhcpd,
            Samples.FirstLine("test/data/dhcpd/stderr/dhcpd.log", "Listening on"), Expect.NonEvent);

        // perfdhcp's report: real text that is not a server log, as when the wrong file is given or logs are mixed.
        var text = Samples.ReadLines("test/data/kea4/perfdhcp/perfdhcp.txt").Where(l => l.Length > 0 && l[0] != ' ').ToList();
        _garbageKea = new LineBench("not a log line (perfdhcp.txt) in a Kea log", DhcpLogFormat.Kea, Samples.Cycle(text), Sink.Summary,
            Expect.Unparsed);
        _garbageDhcpd = new LineBench("not a log line (perfdhcp.txt) in a dhcpd log", DhcpLogFormat.Dhcpd, Samples.Cycle(text), Sink.Summary,
            Expect.Unparsed);

        // A syslog file's most common line: another program. The header is a real dhcpd line's; the message is made up.
        var dhcpd = Samples.FirstLine("test/data/dhcpd/syslog/dhcpd.rfc3164.log", "dhcpd[");
        var other = string.Concat(dhcpd.AsSpan(0, dhcpd.IndexOf("dhcpd[", StringComparison.Ordinal)),
            "systemd[1]: Started session-42.scope - Session 42 of User root.");
        _otherProgram = Same("RFC 3164 line from another program", DhcpLogFormat.Dhcpd, other, Expect.Unparsed);
    }

    /// <summary>(b) Kea DEBUG DHCP4_BUFFER_RECEIVED: a message id the table does not know.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaDebugBufferReceived() => _keaBufferReceived.Run();

    /// <summary>Kea DEBUG HOSTS_CFG_GET_ALL_IDENTIFIER, the most frequent line at debuglevel 45.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaDebugHostsLookup() => _keaHostsLookup.Run();

    /// <summary>Kea DEBUG DHCP4_SUBNET_SELECTED: no event, but the client label is parsed and the subnet remembered.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long KeaDebugSubnetSelected() => _keaSubnetSelected.Run();

    /// <summary>Bare dhcpd stderr note about itself ("Listening on ...").</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long DhcpdStderrNote() => _dhcpdStderrNote.Run();

    /// <summary>(e) Not a log line (perfdhcp.txt) in a Kea log.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long GarbageInKeaLog() => _garbageKea.Run();

    /// <summary>(e) Not a log line (perfdhcp.txt) in a dhcpd log: also tried as a bare dhcpd message.</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long GarbageInDhcpdLog() => _garbageDhcpd.Run();

    /// <summary>RFC 3164 line from another program (systemd).</summary>
    [Benchmark(OperationsPerInvoke = Samples.BatchSize)]
    public long OtherProgram() => _otherProgram.Run();

    private static LineBench Same(string name, DhcpLogFormat format, string line, Expect expect) =>
        new(name, format, Samples.Cycle([line]), Sink.Summary, expect);
}
