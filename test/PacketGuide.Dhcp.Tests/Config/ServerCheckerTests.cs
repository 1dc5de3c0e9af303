using System.Diagnostics;

namespace PacketGuide.Dhcp.Tests.Config;

/// <summary>
/// Every valid fixture must pass the real server's own configuration check (kea-dhcp4/kea-dhcp6 -t, dhcpd -t): the
/// fixtures are configurations the servers accept, not only ones our reader accepts. No server is started and no
/// socket is opened. The check runs in the fixture's directory because Kea and dhcpd resolve relative include paths
/// against their working directory (PacketGuide resolves them against the including file; with the fixtures side by
/// side both agree). Skips only when the binary is missing (scripts/test.sh installs it).
/// </summary>
public sealed class ServerCheckerTests
{
    [Theory]
    [InlineData("kea-dhcp4", "kea-dhcp4.conf")]
    [InlineData("kea-dhcp6", "kea-dhcp6.conf")]
    [InlineData("dhcpd", "dhcpd.conf")]
    [InlineData("dhcpd6", "dhcpd6.conf")]
    public async Task Fixture_passes_the_servers_own_config_check(string checker, string fixture)
    {
        var binary = checker.StartsWith("dhcpd", StringComparison.Ordinal) ? "dhcpd" : checker;
        var path = Find(binary);
        if (path is null)
        {
            Assert.Skip($"{binary} is not installed (apt-get install kea-dhcp4-server kea-dhcp6-server isc-dhcp-server, or run scripts/test.sh)");
        }

        var file = ConfigFiles.Fixture(fixture);
        using var scratch = new ConfigFiles();
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = Path.GetDirectoryName(file)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KEA_PIDFILE_DIR"] = scratch.Directory;
        start.Environment["KEA_LOCKFILE_DIR"] = scratch.Directory;
        string[] args = checker switch
        {
            "dhcpd" => ["-4", "-t", "-cf", file, "-lf", scratch.Write("dhcpd.leases", ""), "-pf", Path.Combine(scratch.Directory, "dhcpd.pid")],
            "dhcpd6" => ["-6", "-t", "-cf", file, "-lf", scratch.Write("dhcpd6.leases", ""), "-pf", Path.Combine(scratch.Directory, "dhcpd6.pid")],
            _ => ["-t", file],
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{binary} {string.Join(' ', args)} rejected {fixture} (exit {process.ExitCode}):\n{output}");
    }

    private static string? Find(string binary)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
        return dirs.Select(d => Path.Combine(d, binary)).FirstOrDefault(File.Exists);
    }
}
