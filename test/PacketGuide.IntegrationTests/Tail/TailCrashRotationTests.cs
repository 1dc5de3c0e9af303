using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PacketGuide.IntegrationTests.Tail;

/// <summary>
/// The delivery guarantee of <c>pguide dhcp tail --state-dir</c>, end to end: 200,000 lines written with 20 rotations
/// (rename + create and copytruncate, lines written right up to each rotation), while the real pguide process is
/// killed with SIGKILL 10 times and restarted. Every line must be delivered at least once and, after dedup by event
/// id, exactly once.
/// </summary>
public sealed class TailCrashRotationTests(ITestOutputHelper output)
{
    private const int Lines = 200_000;
    private const int Rotations = 20;
    private const int Kills = 10;
    /// <summary>
    /// Old files kept. A rotation comes every half second here, so 12 generations are 6 s of history: enough for a tailer
    /// that a starved 2-core machine (a build running beside the tests) keeps from reading for a few seconds. With 5,
    /// files were deleted before any run read them, and the lines in them were gone for good (seen once: 5,166 lines).
    /// </summary>
    private const int Generations = 12;

    [Fact]
    public async Task Kill_9_ten_times_during_twenty_rotations_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "pguide-tail-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "dhcpd.log");
        var random = new Random(2026);
        var runs = new List<string>();

        var writing = Task.Run(() => WriteWithRotations(log, ct), ct);
        for (var k = 0; k < Kills; k++)
        {
            using var tail = StartTail(dir, log, runs);
            await Task.Delay(random.Next(300, 1500), ct);
            tail.Kill();
            await tail.WaitForExitAsync(ct);
        }

        var rotationStyles = await writing;

        // A last run reads everything that is left, then stops cleanly.
        using (var last = StartTail(dir, log, runs))
        {
            var deadline = Stopwatch.StartNew();
            while (Delivered(runs).Hosts.Count < Lines && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(250, ct);
            }

            using (var term = Process.Start("kill", ["-TERM", last.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(ct);
            }

            await last.WaitForExitAsync(ct);
        }

        var (ids, hosts, total, torn) = Delivered(runs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Lines} lines, {Rotations} rotations ({rotationStyles}), {Kills} SIGKILLs: {total} events delivered, {ids.Count} distinct ids, " +
            $"{total - ids.Count} duplicates, {torn} torn output lines (from killed runs)"));
        var missing = Enumerable.Range(0, Lines).Where(i => !hosts.Contains("h" + i.ToString(CultureInfo.InvariantCulture))).Take(10).ToList();
        Assert.True(missing.Count == 0, $"lost lines, e.g. {string.Join(", ", missing)}");
        Assert.Equal(Lines, ids.Count);
        Assert.Equal(Lines, hosts.Count);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Starts pguide with its output in a file of its own (a killed run may leave a torn last line).</summary>
    private static Process StartTail(string dir, string log, List<string> runs)
    {
        var outputPath = Path.Combine(dir, $"out-{runs.Count}.jsonl");
        runs.Add(outputPath);
        var pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
        var shell = $"exec dotnet '{pguide}' dhcp tail --json --from-start --timezone UTC --state-dir '{Path.Combine(dir, "state")}' '{log}*' > '{outputPath}' 2>> '{Path.Combine(dir, "stderr.txt")}'";
        return Process.Start(new ProcessStartInfo("/bin/sh", ["-c", shell]) { UseShellExecute = false })!;
    }

    private static (HashSet<string> Ids, HashSet<string> Hosts, int Total, int Torn) Delivered(List<string> runs)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        int total = 0, torn = 0;
        foreach (var path in runs.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                try
                {
                    using var json = JsonDocument.Parse(line);
                    var id = json.RootElement.GetProperty("id").GetString()!;
                    var host = json.RootElement.GetProperty("hostname").GetString()!;
                    total++;
                    if (ids.Add(id))
                    {
                        Assert.True(hosts.Add(host), $"{host} delivered under two different ids");
                    }
                }
                catch (JsonException)
                {
                    torn++;
                }
            }
        }

        return (ids, hosts, total, torn);
    }

    /// <summary>
    /// Writes like a daemon (every write at the end of the file) and rotates like logrotate, alternating rename + create
    /// and copytruncate, keeping <see cref="Generations"/> old files. Returns how many of each style ran.
    /// </summary>
    private static async Task<string> WriteWithRotations(string log, CancellationToken ct)
    {
        var stream = Open(log);
        int renames = 0, copies = 0;
        var perRotation = Lines / (Rotations + 1);
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"2026-11-26T10:{i / 60000 % 60:00}:{i / 1000 % 60:00}+0000 lab dhcpd[7]: DHCPACK on 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} to 02:00:00:{i >> 16 & 255:x2}:{i >> 8 & 255:x2}:{i & 255:x2} (h{i}) via eth0\n");
            if (i % 200 == 199 || i == Lines - 1 || (i + 1) % perRotation == 0)
            {
                stream.Seek(0, SeekOrigin.End);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
                await stream.FlushAsync(ct);
                text.Clear();
                await Task.Delay(10, ct); // about 20,000 lines a second, so the run spans the kills
            }

            if ((i + 1) % perRotation == 0 && (i + 1) / perRotation <= Rotations)
            {
                Shift(log);
                if ((renames + copies) % 2 == 0)
                {
                    await stream.DisposeAsync();
                    File.Move(log, log + ".1");
                    stream = Open(log);
                    renames++;
                }
                else
                {
                    File.Copy(log, log + ".1");
                    stream.SetLength(0);
                    copies++;
                }
            }
        }

        await stream.DisposeAsync();
        return $"{renames} rename + create, {copies} copytruncate";
    }

    private static FileStream Open(string path) => new(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>dhcpd.log.4 -> .5 ... .1 -> .2; the oldest beyond the kept generations is deleted.</summary>
    private static void Shift(string log)
    {
        File.Delete($"{log}.{Generations}");
        for (var g = Generations - 1; g >= 1; g--)
        {
            if (File.Exists($"{log}.{g}"))
            {
                File.Move($"{log}.{g}", $"{log}.{g + 1}");
            }
        }
    }
}
