using System.Globalization;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The DNS servers the dns tests run against (scripts/services/bind.sh and pdns.sh) do what the tests assume: both serve
/// exactly the records of test/data/dns/static.test.zone, BIND takes a TSIG-signed nsupdate into dyn.test, and stopping
/// leaves no process behind. Checked with dig and nsupdate only, always against 127.0.0.1 and an explicit port.
/// </summary>
public sealed class DnsServersSmokeTests(ITestOutputHelper output) : IAsyncDisposable
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(30);

    private readonly AsyncCleanup _cleanup = new();

    public ValueTask DisposeAsync() => _cleanup.DisposeAsync();

    [Fact]
    public async Task Bind_and_PowerDns_serve_the_records_of_the_static_test_zone_file_and_stop_cleanly()
    {
        Prerequisites.RequireRootAnd("named", "pdns_server", "dig", "nsupdate", "named-checkzone");
        var ct = TestContext.Current.CancellationToken;
        var (bindWork, bind) = await StartBindAsync(ct);
        var (pdnsWork, pdns) = await StartPowerDnsAsync(ct);

        var zoneFile = Path.Combine(RepositoryLayout.Root, "test", "data", "dns", "static.test.zone");
        var canonical = (await Tool("named-checkzone", ["-q", "-i", "local", "-D", "-o", "-", "static.test", zoneFile], ct)).StandardOutput;
        var expected = Records(canonical);

        // Both answer the SOA of the file (static.test is neither dynamic nor signed, so the serial is the file's).
        var expectedSoa = SoaData(canonical);
        Assert.Equal(expectedSoa, await SoaShortAsync(bind.Address, bind.Port, ct));
        Assert.Equal(expectedSoa, await SoaShortAsync(pdns.Address, pdns.Port, ct));

        var fromBind = await AxfrAsync(bind.Address, bind.Port, ct);
        var fromPowerDns = await AxfrAsync(pdns.Address, pdns.Port, ct);
        output.WriteLine($"zone file: {expected.Count} records without the SOA; BIND: {fromBind.Count}; PowerDNS: {fromPowerDns.Count}");

        Assert.Contains(("svc.static.test.", "SVCB", "1 www.static.test. alpn=\"h2\" port=8443"), expected);
        Assert.Contains(("h.static.test.", "HTTPS", "1 . alpn=\"h2,h3\""), expected);
        Assert.Equal(Sorted(expected), Sorted(fromBind));
        Assert.Equal(Sorted(expected), Sorted(fromPowerDns));

        // The big TXT answer does not fit the default EDNS buffer (1232): over UDP it comes back truncated.
        var udp = await Dig(bind.Address, bind.Port, ["big.static.test", "TXT", "+norec", "+ignore"], ct);
        Assert.Contains("flags: qr aa tc;", udp.StandardOutput, StringComparison.Ordinal);

        // Stopping leaves nothing running (pid files are removed by the stop, so read them first).
        var bindPid = ReadPid(bindWork.File("named.pid.run"));
        var pdnsPid = ReadPid(pdnsWork.File("pdns.pid"));
        await bind.StopAsync(ct);
        await pdns.StopAsync(ct);
        Assert.False(Running(bindPid), $"named (pid {bindPid}) still runs after bind.sh stop");
        Assert.False(Running(pdnsPid), $"pdns_server (pid {pdnsPid}) still runs after pdns.sh stop");
    }

    [Fact]
    public async Task An_nsupdate_signed_with_ddns_key_into_dyn_test_is_served_signed_by_bind()
    {
        Prerequisites.RequireRootAnd("named", "pdns_server", "dig", "nsupdate");
        var ct = TestContext.Current.CancellationToken;
        var (work, bind) = await StartBindAsync(ct);
        Assert.Equal("ddns-key", bind.KeyName);

        var before = await Dig(bind.Address, bind.Port, ["smoke.dyn.test", "A", "+norec"], ct);
        Assert.Contains("status: NXDOMAIN", before.StandardOutput, StringComparison.Ordinal);

        var commands = work.File("nsupdate.txt");
        await File.WriteAllTextAsync(commands, string.Create(CultureInfo.InvariantCulture,
            $"server {bind.Address} {bind.Port}\nzone dyn.test\nupdate add smoke.dyn.test. 300 IN A 192.0.2.77\nsend\n"), ct);
        await Tool("nsupdate", ["-k", bind.KeyFile, commands], ct);

        // Inline signing is asynchronous: poll until the signed copy has the record (and its RRSIG).
        string answer = "";
        for (var attempt = 0; attempt < 200; attempt++)
        {
            answer = (await Dig(bind.Address, bind.Port, ["smoke.dyn.test", "A", "+norec", "+dnssec", "+noall", "+answer"], ct)).StandardOutput;
            if (answer.Contains("192.0.2.77", StringComparison.Ordinal) && answer.Contains("RRSIG", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        output.WriteLine(answer);
        Assert.Contains("192.0.2.77", answer, StringComparison.Ordinal);
        Assert.Contains("RRSIG", answer, StringComparison.Ordinal);
    }

    private async Task<(TestWorkDirectory Work, BindServer Server)> StartBindAsync(CancellationToken ct)
    {
        var work = _cleanup.Add("delete BIND work directory", TestWorkDirectory.Create("bind"));
        var bind = _cleanup.Add("stop BIND", new BindServer(work));
        await bind.StartAsync(ct);
        return (work, bind);
    }

    private async Task<(TestWorkDirectory Work, PowerDnsServer Server)> StartPowerDnsAsync(CancellationToken ct)
    {
        var work = _cleanup.Add("delete PowerDNS work directory", TestWorkDirectory.Create("pdns"));
        var pdns = _cleanup.Add("stop PowerDNS", new PowerDnsServer(work));
        await pdns.StartAsync(ct);
        Assert.StartsWith("http://127.0.0.1:", pdns.ApiUrl, StringComparison.Ordinal);
        Assert.NotEmpty(pdns.ApiKey);
        return (work, pdns);
    }

    /// <summary>The zone by AXFR as (name, type, rdata), SOA left out (BIND and PowerDNS may differ in nothing else).</summary>
    private static async Task<List<(string Name, string Type, string Data)>> AxfrAsync(string address, int port, CancellationToken ct)
    {
        var result = await Dig(address, port, ["static.test", "AXFR", "+onesoa", "+nocmd", "+nostats", "+nocomments"], ct);
        Assert.DoesNotContain("Transfer failed", result.StandardOutput, StringComparison.Ordinal);
        var records = Records(result.StandardOutput);
        Assert.NotEmpty(records);
        return records;
    }

    /// <summary><c>dig @ADDRESS -p PORT static.test SOA +short</c>: the SOA rdata on one line.</summary>
    private static async Task<string> SoaShortAsync(string address, int port, CancellationToken ct)
    {
        var result = await Dig(address, port, ["static.test", "SOA", "+norec", "+short"], ct);
        return Normalized(result.StandardOutput);
    }

    /// <summary>The rdata of the one SOA line in named-checkzone's canonical output.</summary>
    private static string SoaData(string canonical)
    {
        var soa = Assert.Single(canonical.Split('\n'), line =>
            line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) is [_, _, "IN", "SOA", ..]);
        return string.Join(' ', soa.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[4..]);
    }

    private static string Normalized(string text) =>
        string.Join(' ', text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Zone text as dig and named-checkzone print it ("name ttl [IN] type rdata"), SOA and comments left out.</summary>
    private static List<(string Name, string Type, string Data)> Records(string text)
    {
        var records = new List<(string, string, string)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith(';'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var type = 2;
            if (fields.Length > 3 && fields[type] == "IN")
            {
                type++;
            }

            if (fields.Length <= type + 1 || fields[type] == "SOA")
            {
                continue;
            }

            records.Add((fields[0].ToLowerInvariant(), fields[type], string.Join(' ', fields[(type + 1)..])));
        }

        return records;
    }

    private static List<string> Sorted(List<(string Name, string Type, string Data)> records) =>
        [.. records.Select(r => $"{r.Name} {r.Type} {r.Data}").Order(StringComparer.Ordinal)];

    /// <summary>dig against one loopback server and port, never the system resolver.</summary>
    private static Task<ProcessResult> Dig(string address, int port, string[] arguments, CancellationToken ct)
    {
        Assert.Equal("127.0.0.1", address);
        return Tool("dig", [$"@{address}", "-p", port.ToString(CultureInfo.InvariantCulture), "+time=2", "+tries=1", .. arguments], ct);
    }

    private static async Task<ProcessResult> Tool(string program, string[] arguments, CancellationToken ct) =>
        (await ProcessRunner.RunAsync(program, arguments, s_toolTimeout, ct)).EnsureExitCode();

    private static int ReadPid(string pidFile) => int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);

    /// <summary>True if the process exists and is not a zombie waiting for its (already exited) parent to be reaped.</summary>
    private static bool Running(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "pid (comm) state ...": the state follows the last ')'.
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state is not ("Z" or "X");
    }
}
