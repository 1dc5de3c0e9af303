using BenchmarkDotNet.Attributes;
using PacketGuide.Dns.Query;

namespace PacketGuide.Benchmarks;

/// <summary>
/// The per-question CPU of <see cref="DnsQueryEngine"/> outside the network: encoding a query through ARSoft.Tools.Net
/// (the capturing transport), and decoding a real answer from BIND (www.dyn.test A with DO, 403 bytes:
/// the A, its RRSIG and the authority's NS with its RRSIG) into a <see cref="DnsAnswer"/>, split into ARSoft's parse and our record views.
/// </summary>
[MemoryDiagnoser]
public class DnsQueryEngineBenchmarks
{

    private readonly DnsQueryEncoder _encoder = new(recursion: false, udpPayloadSize: 1232);
    private readonly byte[] _answer = Convert.FromHexString(SignedAnswer.Hex);
    private readonly PendingQuery _query = new("www.dyn.test", 1, true, new byte[40]);

    [Benchmark]
    public ArraySegment<byte> Encode() => _encoder.Encode("h1234.perf.bench", 1, dnssecOk: true);

    [Benchmark]
    public object? Parse() => DnsAnswerDecoder.TryParse(_answer);

    [Benchmark]
    public DnsAnswer ParseToAnswer() => DnsAnswerDecoder.ToAnswer(_query, DnsAnswerDecoder.TryParse(_answer)!, "udp", TimeSpan.Zero);

    /// <summary>What a caller that reads every section in presentation format pays on top (built on first use).</summary>
    [Benchmark]
    public int ParseAndViews()
    {
        var answer = DnsAnswerDecoder.ToAnswer(_query, DnsAnswerDecoder.TryParse(_answer)!, "udp", TimeSpan.Zero);
        return answer.Answers.Count + answer.Authority.Count + answer.Additional.Count;
    }
}
