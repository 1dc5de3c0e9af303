using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Output;

namespace PacketGuide.Dhcp.Tests.Input;

/// <summary>Parallel chunked parsing must give exactly what one sequential pass gives, lines and examples included.</summary>
public sealed class ChunkedReadingTests
{
    [Fact]
    public async Task Tiny_chunks_on_many_threads_match_one_pass()
    {
        // ~1.5 MB: the debug-45 sample six times (one day apart), so chunk boundaries fall inside Kea's multi-line packets.
        var path = TestData.Temp("repeated.log");
        var sample = await File.ReadAllTextAsync(TestData.PathOf("kea4/debug45/kea-dhcp4.log"), TestContext.Current.CancellationToken);
        await using (var file = File.CreateText(path))
        {
            for (var i = 0; i < 6; i++)
            {
                await file.WriteAsync(sample.Replace("2026-11-26 ", $"2026-11-2{i} ", StringComparison.Ordinal));
                await file.WriteAsync("not a kea line\n");
            }
        }

        var oneChunk = await TestData.SummarizeAsync(path, Options(chunk: 64 << 20, jobs: 1));
        var tiny = await TestData.SummarizeAsync(path, Options(chunk: 64 * 1024, jobs: 4));

        Assert.Equal(Json(oneChunk), Json(tiny));
        Assert.Equal(6 * 114, tiny.Events);
        Assert.Equal(6, tiny.Unparsed["not-a-log-line"]);
        Assert.Equal(1282, tiny.UnparsedExamples[0].Source.Line);
    }

    [Fact]
    public async Task Events_stream_in_file_order_with_file_line_numbers_across_chunks()
    {
        var path = TestData.Temp("ordered.log");
        var lines = Enumerable.Range(0, 40_000).Select(i =>
            $"2026-11-26 12:{i / 60000 % 60:00}:{i / 1000 % 60:00}.{i % 1000:000} INFO  [kea-dhcp4.leases/1.2] DHCP4_LEASE_ALLOC [hwtype=1 02:00:00:{i >> 16 & 255:x2}:{i >> 8 & 255:x2}:{i & 255:x2}], cid=[no info], tid=0x{i:x}: lease 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} has been allocated for 3600 seconds");
        await File.WriteAllLinesAsync(path, lines, TestContext.Current.CancellationToken);

        var events = await TestData.EventsAsync([path], Options(chunk: 64 * 1024, jobs: 3));

        Assert.Equal(40_000, events.Count);
        Assert.Equal(Enumerable.Range(1, 40_000).Select(i => (long)i), events.Select(e => e.Source.Line));
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_counted_and_skipped_without_losing_its_neighbours()
    {
        var path = TestData.Temp("long-line.log");
        var good = await File.ReadAllTextAsync(TestData.PathOf("dhcpd/stderr/dhcpd.log"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(path, good + new string('A', 3_000_000) + "\n" + good, TestContext.Current.CancellationToken);

        var options = Options(chunk: 256 * 1024, jobs: 2) with { MaxLineLength = 64 * 1024, Format = DhcpLogFormat.Dhcpd };
        var chunked = await TestData.SummarizeAsync(path, options);
        var gz = TestData.Temp("long-line.log.gz");
        await using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            await output.WriteAsync(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        }

        var streamed = await TestData.SummarizeAsync(gz, options);

        foreach (var s in new[] { chunked, streamed })
        {
            Assert.Equal(2 * 114, s.Events);
            Assert.Equal(1, s.Unparsed["line-too-long"]);
            Assert.Equal(253, s.Lines);
            Assert.Equal(127, s.UnparsedExamples.Single().Source.Line);
        }
    }

    [Fact]
    public async Task Long_lines_across_chunk_ends_are_read_whole_like_one_pass()
    {
        // Lines of 1-60 KB (longer than the 16 KB read past a chunk's end, shorter than the 64 KB limit) between real
        // dhcpd lines, plus one line over the limit: many chunks end inside a long line and must read the rest of it.
        var path = TestData.Temp("long-lines.log");
        var good = (await File.ReadAllLinesAsync(TestData.PathOf("dhcpd/stderr/dhcpd.log"), TestContext.Current.CancellationToken))
            .Where(l => l.StartsWith("DHCPACK", StringComparison.Ordinal)).ToArray();
        var lines = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            lines.Add(good[i % good.Length]);
            lines.Add(i == 150 ? new string('L', 70_000) : "x" + new string('#', 1_000 + (i * 7_919 % 59_000)));
        }

        await File.WriteAllLinesAsync(path, lines, TestContext.Current.CancellationToken);
        var options = Options(chunk: 64 * 1024, jobs: 2) with { MaxLineLength = 64 * 1024, Format = DhcpLogFormat.Dhcpd };

        var oneChunk = await TestData.SummarizeAsync(path, options with { ChunkSize = 64 << 20, Parallelism = 1 });
        var chunked = await TestData.SummarizeAsync(path, options);

        Assert.Equal(Json(oneChunk), Json(chunked));
        Assert.Equal(600, chunked.Lines);
        Assert.Equal(300, chunked.Events);
        Assert.Equal(1, chunked.Unparsed["line-too-long"]);
        Assert.Equal(299, chunked.UnparsedTotal - 1);
    }

    [Fact]
    public void The_default_chunk_and_its_overlaps_fill_a_pooled_buffer_exactly()
    {
        // ArrayPool rounds a rent up to a power of two; one byte more would hand out an 8 MiB buffer for each worker.
        Assert.Equal(4 << 20, new DhcpParseOptions().ChunkSize + Dhcp.Input.LineLogReader.WarmupBytes + Dhcp.Input.LineLogReader.TailBytes);
    }

    [Fact]
    public async Task A_binary_file_is_counted_not_crashed_on()
    {
        var path = TestData.Temp("random.bin");
        var bytes = new byte[3 << 20];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var s = await TestData.SummarizeAsync(path, Options(chunk: 512 * 1024, jobs: 2) with { Format = DhcpLogFormat.Kea });

        var emptyLines = bytes.AsSpan().Count("\n\n"u8) + (bytes[0] == '\n' ? 1 : 0);
        Assert.Equal(0, s.Events);
        Assert.Equal(s.Lines - emptyLines, s.UnparsedTotal);
        Assert.True(s.Lines > 10_000);
        Assert.Throws<Dhcp.Input.DhcpInputException>(() => TestData.SummarizeAsync(path).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Several_files_merge_in_time_order_and_stdin_is_an_input()
    {
        var a = TestData.Temp("a.log");
        var b = TestData.Temp("b.log");
        await File.WriteAllLinesAsync(a, ["2026-11-26T10:00:00+0000 h dhcpd[1]: DHCPDISCOVER from 00:00:00:00:00:01 via eth0",
            "2026-11-26T10:00:02+0000 h dhcpd[1]: DHCPDISCOVER from 00:00:00:00:00:03 via eth0"], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(b, ["2026-11-26T10:00:01+0000 h dhcpd[1]: DHCPDISCOVER from 00:00:00:00:00:02 via eth0"],
            TestContext.Current.CancellationToken);
        var stdin = Encoding.UTF8.GetBytes("2026-11-26T10:00:03+0000 h dhcpd[1]: DHCPDISCOVER from 00:00:00:00:00:04 via eth0\n");
        var analyzer = new DhcpLogAnalyzer(TimeProvider.System, () => new MemoryStream(stdin));

        var run = analyzer.ReadEvents(Dhcp.Input.InputResolver.Resolve([a, b, "-"]), new DhcpParseOptions());
        var macs = new List<string>();
        await foreach (var e in run.Events.WithCancellation(TestContext.Current.CancellationToken))
        {
            macs.Add(e.Mac!.Value.ToString());
        }

        Assert.Equal(["00:00:00:00:00:01", "00:00:00:00:00:02", "00:00:00:00:00:03", "00:00:00:00:00:04"], macs);
        Assert.Equal(3, run.Summary!.Files.Count);
        Assert.Equal("-", run.Summary.Files[2].Path);
    }

    [Fact]
    public async Task Since_and_until_keep_events_inside_the_window()
    {
        var s = await TestData.SummarizeAsync(TestData.PathOf("kea4/perfdhcp/kea-dhcp4.log.gz"));
        var middle = s.FirstEvent!.Value + ((s.LastEvent!.Value - s.FirstEvent.Value) / 2);

        var before = await TestData.SummarizeAsync(TestData.PathOf("kea4/perfdhcp/kea-dhcp4.log.gz"),
            new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc, Until = middle });
        var after = await TestData.SummarizeAsync(TestData.PathOf("kea4/perfdhcp/kea-dhcp4.log.gz"),
            new DhcpParseOptions { TimeZone = TimeZoneInfo.Utc, Since = middle });

        Assert.Equal(s.Events, before.Events + after.Events);
        Assert.True(before.Events > 0 && after.Events > 0);
        Assert.Equal(after.Events, before.OutOfRange);
    }

    private static DhcpParseOptions Options(int chunk, int jobs) =>
        new() { TimeZone = TimeZoneInfo.Utc, ChunkSize = chunk, Parallelism = jobs };

    private static string Json(DhcpLogSummary summary)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            DhcpLogSummaryJson.Write(writer, summary);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
