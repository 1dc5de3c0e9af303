using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Dhcp.Kea;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Tail;

/// <summary>
/// The real <c>pguide</c> process against a real Kea DHCPv4 (lease_cmds and stat_cmds hooks) after the test client's
/// standard scenario: <c>dhcp pools</c> from the control socket and from the log agree with Kea's <c>stat-lease4-get</c>;
/// <c>dhcp leases</c> lists what <c>lease4-get-all</c> lists; and <c>pools --follow --reconcile-every</c> on half of the
/// log reports the difference as drift and then shows Kea's numbers.
/// </summary>
public sealed class PoolsCommandKeaTests(ITestOutputHelper output) : IAsyncDisposable
{
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Pools_and_leases_from_the_socket_and_the_log_equal_Kea_and_follow_reconciles_drift_away()
    {
        Prerequisites.RequireRootAnd("ip", "ss", "perl", "kea-dhcp4");
        var ct = TestContext.Current.CancellationToken;
        var work = _cleanup.Add("delete work directory", TestWorkDirectory.Create("pck"));
        var bed = _cleanup.Add("delete namespaces", await NetnsBed.CreateVethAsync("pck", ct));
        var kea = _cleanup.Add("stop Kea", new KeaDhcp4Server(work));
        await kea.StartInVethBedAsync(bed.Prefix, debug: false, ct);
        var client = await DhcpTestClientRunner.RunStandardScenarioAsync(
            bed.ClientNamespace,
            ["--server", kea.ServerEndpoint, "--relay", kea.Relay1, "--relay2", kea.Relay2, "--port", "67", "--client-port", "68"],
            work.File("client-counts.json"),
            work.File("client.log"),
            ct);
        Assert.True(client.Decline > 0 && client.Release > 0, "the scenario made no DECLINEs or RELEASEs");

        using var api = new KeaControlClient(new KeaClientOptions { SocketPath = kea.ControlSocket });
        var truth = (await api.GetLeaseStatisticsAsync(ct)).ToDictionary(r => r.SubnetId);
        var leases = await api.GetLeasesAsync(ct);
        output.WriteLine(string.Join("; ", truth.Values.Select(r => $"Kea subnet {r.SubnetId}: {r.AssignedAddresses}/{r.TotalAddresses}, declined {r.DeclinedAddresses}")));

        // Subnet 2's three addresses are all leased: critical, exit code 1.
        var fromSocket = await Pguide(["dhcp", "pools", "--json", "--socket", kea.ControlSocket], ct);
        AssertEqualsKea("pools --socket", fromSocket.EnsureExitCode(1).StandardOutput, truth);
        var fromLog = await Pguide(["dhcp", "pools", "--json", "--config", kea.ConfigPath, kea.LogPath], ct);
        AssertEqualsKea("pools --config LOG", fromLog.EnsureExitCode(1).StandardOutput, truth);

        var listed = await Pguide(["dhcp", "leases", "--json", "--socket", kea.ControlSocket], ct);
        using (var json = JsonDocument.Parse(listed.EnsureExitCode(0).StandardOutput))
        {
            Assert.Equal(leases.Leases.Select(l => l.Address.ToString()).Order(StringComparer.Ordinal),
                json.RootElement.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("address").GetString()!).Order(StringComparer.Ordinal));
        }

        // Follow only the first half of the log: the tracker misses leases until Kea's lease list corrects it.
        var lines = await File.ReadAllLinesAsync(kea.LogPath, ct);
        var half = work.File("half.log");
        await File.WriteAllLinesAsync(half, lines[..(lines.Length / 2)], ct);
        var snapshots = work.File("snapshots.jsonl");
        var follow = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", $"exec dotnet '{s_pguide}' dhcp pools --follow --interval 1s --reconcile-every 2s --json --config '{kea.ConfigPath}' --socket '{kea.ControlSocket}' '{half}' > '{snapshots}' 2> '{work.File("follow.err")}'"])
        {
            UseShellExecute = false,
        })!;
        _cleanup.Add("stop pguide --follow", () =>
        {
            if (!follow.HasExited)
            {
                follow.Kill(entireProcessTree: true);
            }

            follow.Dispose();
            return ValueTask.CompletedTask;
        });

        JsonElement? reconciled = null;
        for (var i = 0; i < 300 && reconciled is null && !follow.HasExited; i++)
        {
            await Task.Delay(100, ct);
            reconciled = Snapshots(snapshots).Select(s => (JsonElement?)s).LastOrDefault(s => s!.Value.TryGetProperty("reconciliation", out _));
        }

        Assert.True(reconciled is not null, $"no snapshot with a reconciliation within 30 s:\n{File.ReadAllText(work.File("follow.err"))}");
        var drift = reconciled.Value.GetProperty("reconciliation");
        output.WriteLine($"first reconciliation: {drift}");
        // Half the log has the scenario's grants but not its RELEASEs and DECLINEs: leases Kea no longer has, and
        // declined addresses it holds that the tracker saw as leases.
        Assert.True(drift.GetProperty("missing").GetInt64() + drift.GetProperty("extra").GetInt64() + drift.GetProperty("changed").GetInt64() > 0,
            $"half the log should differ from Kea: {drift}");
        Assert.Equal(leases.Leases.Count, drift.GetProperty("serverLeases").GetInt64());
        AssertEqualsKea("pools --follow after reconciling", reconciled.Value.GetRawText(), truth);

        using (var term = Process.Start("kill", ["-TERM", follow.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(ct);
        }

        await follow.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(0, follow.ExitCode);
    }

    private static void AssertEqualsKea(string what, string json, Dictionary<long, KeaSubnetLeaseStats> truth)
    {
        using var document = JsonDocument.Parse(json);
        var check = new CountCheck($"{what} vs Kea stat-lease4-get");
        foreach (var subnet in document.RootElement.GetProperty("subnets").EnumerateArray())
        {
            var id = subnet.GetProperty("id").GetInt64();
            Assert.True(truth.TryGetValue(id, out var kea), $"{what}: subnet id {id} is not Kea's");
            check.Expect($"subnet {id} total-addresses", (long)kea.TotalAddresses, subnet.GetProperty("total").GetInt64())
                .Expect($"subnet {id} assigned-addresses (leased)", (long)kea.AssignedAddresses, subnet.GetProperty("leased").GetInt64())
                .Expect($"subnet {id} declined-addresses", (long)kea.DeclinedAddresses, subnet.GetProperty("declined").GetInt64());
        }

        check.Expect("subnets", truth.Count, document.RootElement.GetProperty("subnets").GetArrayLength()).AssertAll();
    }

    private static List<JsonElement> Snapshots(string path)
    {
        var list = new List<JsonElement>();
        if (!File.Exists(path))
        {
            return list;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                list.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                // The line being written.
            }
        }

        return list;
    }

    private static Task<ProcessResult> Pguide(string[] arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("dotnet", [s_pguide, .. arguments], TimeSpan.FromSeconds(120), cancellationToken);
}
