using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace PacketGuide.Benchmarks;

/// <summary>
/// Lines taken from the real server logs in <c>test/data</c>, and batches of them made distinct (client, transaction
/// id, address, time) so that Kea's one-event-per-packet correlation does not fold repeated lines into one event.
/// </summary>
internal static partial class Samples
{
    /// <summary>Lines per batch; every line benchmark uses <c>OperationsPerInvoke = BatchSize</c>.</summary>
    public const int BatchSize = 1000;

    /// <summary>Distinct clients per batch; each appears twice, the second time <see cref="s_timeShift"/> later.</summary>
    private const int Clients = BatchSize / 2;

    /// <summary>Farther apart than Kea's same-packet window (250 ms, or 1 s for whole-second stamps).</summary>
    private static readonly TimeSpan s_timeShift = TimeSpan.FromSeconds(2);

    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the folder holding PacketGuide.slnx), found upward from the running assembly.</summary>
    public static string Root => s_root.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static IReadOnlyList<string> ReadLines(string relative)
    {
        var path = PathOf(relative);
        using Stream file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The first line of a sample that contains <paramref name="marker"/>.</summary>
    public static string FirstLine(string relative, string marker) =>
        ReadLines(relative).FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{relative}: no line contains '{marker}'.");

    /// <summary>
    /// <see cref="BatchSize"/> variants of one real line: line i is client i % 500 (MAC, client id, tid and leased
    /// address rewritten), and the second half is stamped 2 s later than the first.
    /// </summary>
    public static byte[][] Distinct(string template)
    {
        var lines = new byte[BatchSize][];
        for (var i = 0; i < BatchSize; i++)
        {
            lines[i] = Encoding.UTF8.GetBytes(Vary(template, i % Clients, i / Clients));
        }

        return lines;
    }

    /// <summary><see cref="BatchSize"/> lines cycling through <paramref name="lines"/> unchanged.</summary>
    public static byte[][] Cycle(IReadOnlyList<string> lines)
    {
        var batch = new byte[BatchSize][];
        for (var i = 0; i < BatchSize; i++)
        {
            batch[i] = Encoding.UTF8.GetBytes(lines[i % lines.Count]);
        }

        return batch;
    }

    private static string Vary(string line, int client, int round)
    {
        var hi = (client >> 8).ToString("x2", CultureInfo.InvariantCulture);
        var lo = (client & 0xff).ToString("x2", CultureInfo.InvariantCulture);
        var mac = MacPattern().Match(line);
        if (mac.Success)
        {
            // Replaces the MAC and, where Kea logs it, the same octets inside cid=[01:<mac>].
            line = line.Replace(mac.Value, string.Concat(mac.Value.AsSpan(0, 12), hi, ":", lo), StringComparison.Ordinal);
        }

        line = TidPattern().Replace(line, "tid=0x" + (0x20000 + client).ToString("x", CultureInfo.InvariantCulture), 1);
        line = LeasePattern().Replace(line, m => m.Groups[1].Value + "10.77." + (client >> 8) + "." + (client & 0xff), 1);
        if (round > 0)
        {
            var clock = ClockPattern().Match(line);
            var shifted = TimeSpan.ParseExact(clock.Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture) + (round * s_timeShift);
            line = string.Concat(line.AsSpan(0, clock.Index), shifted.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
                line.AsSpan(clock.Index + clock.Length));
        }

        return line;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PacketGuide.slnx")))
            {
                return dir.FullName;
            }
        }

        return Environment.GetEnvironmentVariable("PGUIDE_REPO")
            ?? throw new InvalidOperationException("Cannot find the repository root (PacketGuide.slnx); set PGUIDE_REPO.");
    }

    [GeneratedRegex("(?:[0-9a-f]{2}:){5}[0-9a-f]{2}")]
    private static partial Regex MacPattern();

    [GeneratedRegex("tid=0x[0-9a-f]+")]
    private static partial Regex TidPattern();

    [GeneratedRegex(@"((?:lease|on|address) )10\.77\.\d+\.\d+")]
    private static partial Regex LeasePattern();

    [GeneratedRegex(@"\d{2}:\d{2}:\d{2}")]
    private static partial Regex ClockPattern();
}
