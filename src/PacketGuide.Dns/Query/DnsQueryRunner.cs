using System.Diagnostics;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace PacketGuide.Dns.Query;

/// <summary>
/// Asks questions of DNS servers with DnsClient, the way dig does: every server named explicitly (never the system
/// resolver), UDP with EDNS and TCP when the answer is truncated, or TCP only. Servers are asked concurrently, each
/// server's questions in order.
/// </summary>
public sealed class DnsQueryRunner(TimeProvider timeProvider)
{
    /// <summary>Asks every question of every server; the result lists, for each question in order, one exchange per server.</summary>
    public async Task<IReadOnlyList<DnsExchange>> QueryAsync(IReadOnlyList<DnsServer> servers, IReadOnlyList<(string Name, ushort Type)> questions,
        DnsQueryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(options);
        var perServer = await Task.WhenAll(servers.Select(server => AskAllAsync(server, questions, options, cancellationToken))).ConfigureAwait(false);
        var ordered = new List<DnsExchange>(servers.Count * questions.Count);
        for (var q = 0; q < questions.Count; q++)
        {
            foreach (var exchanges in perServer)
            {
                ordered.Add(exchanges[q]);
            }
        }

        return ordered;
    }

    private async Task<DnsExchange[]> AskAllAsync(DnsServer server, IReadOnlyList<(string Name, ushort Type)> questions, DnsQueryOptions options,
        CancellationToken cancellationToken)
    {
        var udp = options.TcpOnly ? null : Client(server, options, tcp: false);
        var tcp = new Lazy<LookupClient>(() => Client(server, options, tcp: true));
        var results = new DnsExchange[questions.Count];
        for (var i = 0; i < questions.Count; i++)
        {
            results[i] = await AskAsync(server, questions[i].Name, questions[i].Type, udp, tcp, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private async Task<DnsExchange> AskAsync(DnsServer server, string name, ushort type, LookupClient? udp, Lazy<LookupClient> tcp,
        CancellationToken cancellationToken)
    {
        var question = new DnsQuestion(name, (QueryType)type, QueryClass.IN);
        var started = timeProvider.GetTimestamp();
        var transport = udp is null ? "tcp" : "udp";
        try
        {
            IDnsQueryResponse? response = null;
            if (udp is not null)
            {
                try
                {
                    response = await udp.QueryAsync(question, cancellationToken).ConfigureAwait(false);
                }
                catch (DnsResponseException ex) when (IsTruncation(ex))
                {
                    response = null;
                }

                if (response is null || response.Header.ResultTruncated)
                {
                    // dig's ";; Truncated, retrying in TCP mode."
                    transport = "udp+tcp";
                    response = null;
                }
            }

            response ??= await tcp.Value.QueryAsync(question, cancellationToken).ConfigureAwait(false);
            var header = response.Header;
            return new DnsExchange
            {
                Server = server,
                Name = name,
                Type = type,
                ResponseCode = ResponseCodeName((int)header.ResponseCode),
                Flags = new DnsHeaderFlags(header.HasAuthorityAnswer, header.ResultTruncated, header.RecursionDesired, header.RecursionAvailable,
                    header.IsAuthenticData, header.IsCheckingDisabled),
                Answers = [.. response.Answers.Select(DnsRecordFormatter.View)],
                Authority = [.. response.Authorities.Select(DnsRecordFormatter.View)],
                Additional = [.. response.Additionals.Where(r => r.RecordType != ResourceRecordType.OPT).Select(DnsRecordFormatter.View)],
                Transport = transport,
                Elapsed = timeProvider.GetElapsedTime(started),
                MessageSize = response.MessageSize,
            };
        }
        catch (DnsResponseException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(server, name, type, transport, started, ex.Code == DnsResponseCode.ConnectionTimeout
                ? $"no answer over {transport} (timed out or unreachable)"
                : ex.Message);
        }
        catch (SocketException ex)
        {
            return Failed(server, name, type, transport, started, ex.Message);
        }
    }

    private DnsExchange Failed(DnsServer server, string name, ushort type, string transport, long started, string error) => new()
    {
        Server = server,
        Name = name,
        Type = type,
        Error = error,
        Transport = transport,
        Elapsed = timeProvider.GetElapsedTime(started),
    };

    /// <summary>DnsClient reports a truncated UDP answer (with its own TCP fallback off) only through the message.</summary>
    private static bool IsTruncation(DnsResponseException ex) => ex.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase);

    private static LookupClient Client(DnsServer server, DnsQueryOptions options, bool tcp) => new(
        new LookupClientOptions(new NameServer(server.Address, server.Port))
        {
            // Never the system resolver: the server list is exactly the one given.
            AutoResolveNameServers = false,
            UseCache = false,
            UseTcpOnly = tcp,
            UseTcpFallback = false,
            Recursion = options.Recursion,
            RequestDnsSecRecords = options.DnssecOk,
            ExtendedDnsBufferSize = options.UdpPayloadSize,
            Timeout = options.Timeout,
            Retries = Math.Max(0, options.Retries),
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
        });

    /// <summary>RCODE names as dig prints them (RFC 6895 mnemonics).</summary>
    public static string ResponseCodeName(int code) => code switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        16 => "BADSIG",
        17 => "BADKEY",
        18 => "BADTIME",
        _ => $"RCODE{code}",
    };
}
