using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace PacketGuide.Server.Demo;

/// <summary>
/// <c>pguide serve --demo</c>: replays the bundled Kea log (real kea-dhcp4 output, examples/logs/kea-dhcp4.log) into a
/// log file in the data directory, with each line's time rewritten to now, a few lines a second, over and over. The
/// pipeline follows that file like any other Kea log, so the demo exercises the real tail, tracker, store and metrics.
/// The file rotates (rename and create) at 4 MB, as logrotate would.
/// </summary>
public sealed class DemoTraffic(DemoFiles files, TimeProvider timeProvider) : BackgroundService
{
    private const int TimestampLength = 23; // 2026-11-26 14:48:23.486
    private const long RotateAt = 4 << 20;

    /// <summary>Time between replayed lines.</summary>
    public TimeSpan LineInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lines = DemoFiles.ReadResourceLines("demo/kea-dhcp4.log");
        using var timer = new PeriodicTimer(LineInterval, timeProvider);
        var next = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var line = lines[next];
            next = (next + 1) % lines.Count;
            if (line.Length <= TimestampLength)
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), timeProvider.LocalTimeZone);
            var text = local.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + line[TimestampLength..] + "\n";
            RotateIfLarge();
            await File.AppendAllTextAsync(files.LogPath, text, Encoding.UTF8, stoppingToken).ConfigureAwait(false);
        }
    }

    private void RotateIfLarge()
    {
        var info = new FileInfo(files.LogPath);
        if (info.Exists && info.Length > RotateAt)
        {
            File.Move(files.LogPath, files.LogPath + ".1", overwrite: true);
        }
    }
}
