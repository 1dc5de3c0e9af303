using System.Globalization;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// perfdhcp's report, by exchange: DISCOVER-OFFER, REQUEST-ACK, RELEASE (v4); SOLICIT-ADVERTISE, REQUEST-REPLY,
/// RELEASE-REPLY (v6). "sent packets" counts the first message of the exchange, "received packets" the matched replies.
/// </summary>
public sealed class PerfdhcpReport
{
    private const string SectionStart = "***Statistics for: ";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, PerfdhcpExchange> _exchanges;

    private PerfdhcpReport(string text, Dictionary<string, PerfdhcpExchange> exchanges)
    {
        Text = text;
        _exchanges = exchanges;
    }

    public string Text { get; }

    public PerfdhcpExchange this[string name] =>
        _exchanges.TryGetValue(name, out var exchange) ? exchange
            : throw new KeyNotFoundException($"perfdhcp's report has no '{name}' section:\n{Text}");

    /// <summary>
    /// Runs perfdhcp inside <paramref name="namespaceName"/>, writes its report to <paramref name="reportPath"/> and parses it.
    /// Exit code 3 ("drops were counted") is accepted: DHCPv4 RELEASEs never get a reply, so -F always produces drops.
    /// </summary>
    public static async Task<PerfdhcpReport> RunAsync(
        string namespaceName,
        IEnumerable<string> arguments,
        string reportPath,
        CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("ip", NetnsBed.Exec(namespaceName, "perfdhcp", arguments), s_timeout, cancellationToken);
        await File.WriteAllTextAsync(reportPath, result.StandardOutput + result.StandardError, cancellationToken);
        result.EnsureExitCode(0, 3);
        return Parse(result.StandardOutput);
    }

    public static PerfdhcpReport Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var exchanges = new Dictionary<string, PerfdhcpExchange>(StringComparer.Ordinal);
        string? name = null;
        long sent = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(SectionStart, StringComparison.Ordinal) && line.EndsWith("***", StringComparison.Ordinal))
            {
                name = line[SectionStart.Length..^3];
            }
            else if (name is not null && line.StartsWith("sent packets:", StringComparison.Ordinal))
            {
                sent = Number(line);
            }
            else if (name is not null && line.StartsWith("received packets:", StringComparison.Ordinal))
            {
                exchanges[name] = new PerfdhcpExchange(name, sent, Number(line));
            }
        }

        return new PerfdhcpReport(text, exchanges);
    }

    private static long Number(string line) => long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
}
