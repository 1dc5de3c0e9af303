using System.Text;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Leases;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Tests.Robustness;

/// <summary>
/// Over a million mutated real lines through every line parser: nothing throws, every line is counted as an event,
/// a non-event or unparsed with a reason, and memory stays flat. Mutated lease files and API JSON: nothing throws.
/// </summary>
[Collection(MeasuresMemory.Name)]
public sealed class MutationTests
{
    private static readonly string[] s_lineSamples =
    [
        "kea4/info/kea-dhcp4.log", "kea4/debug45/kea-dhcp4.log", "kea4/syslog/kea-dhcp4.syslog", "kea4/syslog/kea-dhcp4.rfc5424.log",
        "dhcpd/stderr/dhcpd.log", "dhcpd/syslog/dhcpd.rfc3164.log", "dhcpd/syslog/dhcpd.rfc5424.log",
        "dhcpd/syslog/dhcpd.journal-short-iso.log", "kea6/debug45/kea-dhcp6.log",
    ];

    [Theory]
    [InlineData(DhcpLogFormat.Kea, 1)]
    [InlineData(DhcpLogFormat.Dhcpd, 2)]
    public void A_million_mutated_lines_are_all_accounted_for_and_memory_stays_flat(DhcpLogFormat format, int seed)
    {
        var real = s_lineSamples.SelectMany(s => File.ReadAllLines(TestData.PathOf(s))).Select(Encoding.UTF8.GetBytes).ToArray();
        var mutator = new LineMutator(seed);
        var summary = new SummaryBuilder("mutated.log", new TimeRange(null, null), 3);
        var parser = new DhcpLogLineParser(TestData.Source(format, "mutated.log"), summary);

        const int Total = 1_000_000;
        long warmMemory = 0;
        for (var i = 0; i < Total; i++)
        {
            var line = mutator.Mutate(real[i % real.Length]);
            parser.Parse(line, i + 1);
            if (i == Total / 5)
            {
                warmMemory = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var endMemory = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(Total, parser.Lines);
        Assert.Equal(parser.Lines, parser.EventLines + parser.NonEventLines + parser.UnparsedLines);
        Assert.Equal(parser.UnparsedLines, summary.Unparsed.Sum());
        Assert.True(parser.EventLines > Total / 20, $"only {parser.EventLines} event lines: mutations should leave many lines intact");
        Assert.True(parser.UnparsedLines > Total / 20, $"only {parser.UnparsedLines} unparsed lines");

        // Distinct (mutated) MACs are legitimately remembered for the client count; everything else is bounded.
        Assert.True(endMemory - warmMemory < 48L << 20, $"managed memory grew by {(endMemory - warmMemory) >> 20} MB");
    }

    [Theory]
    [InlineData("kea4/info/kea-leases4.csv", DhcpLogFormat.KeaLease4)]
    [InlineData("kea6/info/kea-leases6.csv", DhcpLogFormat.KeaLease6)]
    [InlineData("dhcpd/stderr/dhcpd.leases", DhcpLogFormat.DhcpdLeases)]
    [InlineData("kea4/api/lease4-get-all.ca.json", DhcpLogFormat.KeaJson)]
    [InlineData("kea4/api/stat-lease4-get.json", DhcpLogFormat.KeaJson)]
    [InlineData("kea4/api/statistic-get-all.json", DhcpLogFormat.KeaJson)]
    public async Task Mutated_lease_files_and_api_json_never_throw(string sample, DhcpLogFormat format)
    {
        var lines = (await File.ReadAllLinesAsync(TestData.PathOf(sample), TestContext.Current.CancellationToken))
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var mutator = new LineMutator(format.GetHashCode());
        var random = new Random(7);
        var source = TestData.Source(format, sample);

        for (var round = 0; round < 1500; round++)
        {
            var document = lines.Select(l => random.Next(8) == 0 ? mutator.Mutate(l) : l)
                .Take(random.Next(4) == 0 ? random.Next(lines.Length + 1) : lines.Length)
                .SelectMany(l => l.Append((byte)'\n')).ToArray();
            var result = new DocumentResult(new SummaryBuilder(sample, new TimeRange(null, null), 3));
            using var stream = new MemoryStream(document);
            var parse = format switch
            {
                DhcpLogFormat.KeaLease4 or DhcpLogFormat.KeaLease6 => new KeaLeaseCsvParser(source).ParseAsync(stream, result, TestContext.Current.CancellationToken),
                DhcpLogFormat.DhcpdLeases => new DhcpdLeasesParser(source).ParseAsync(stream, result, TestContext.Current.CancellationToken),
                _ => new KeaApiJsonParser(source).ParseAsync(stream, result, TestContext.Current.CancellationToken),
            };
            await parse;
            Assert.Equal(result.Events.Count, result.Summary.Events);
        }
    }
}
