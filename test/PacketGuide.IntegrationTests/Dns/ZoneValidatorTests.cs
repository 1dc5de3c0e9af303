using System.Globalization;
using System.Net;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Dns.Validation;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// <see cref="ZoneValidator"/> against real BIND and PowerDNS serving zones with injected defects, one zone per defect
/// family, each check seen failing on the broken zone and passing on a clean one.
/// </summary>
public sealed class ZoneValidatorTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IAsyncDisposable
{
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("pguide-validate-").FullName;

    /// <summary>The resolver `pguide dns validate` uses: the query engine for UDP, one per server.</summary>
    private readonly EngineValidationResolver _resolver = new(TimeProvider.System, TimeSpan.FromSeconds(2));

    public async ValueTask DisposeAsync()
    {
        await _resolver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private DnsServer Bind => new(IPAddress.Loopback, servers.Bind.Port);

    private DnsServer PowerDns => new(IPAddress.Loopback, servers.PowerDns.Port);

    private ZoneValidator Validator() => new(_resolver, TimeProvider.System, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Cname_loops_dangling_targets_and_private_addresses_are_found_and_a_clean_zone_passes()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await PowerDnsZoneAsync("defects.test.", [
            ("loop1", "CNAME", "loop2.defects.test."), ("loop2", "CNAME", "loop1.defects.test."),
            ("@", "MX", "10 nohost.defects.test."), ("alias", "CNAME", "gone.defects.test."),
            ("web", "A", "10.1.1.1"), ("mail", "MX", "10 alias.defects.test."),
        ], ct);
        await PowerDnsZoneAsync("clean.test.", [("www", "A", "192.0.2.80"), ("@", "MX", "10 www.clean.test."), ("alias", "CNAME", "www.clean.test.")], ct);

        var broken = await Validator().ValidateAsync(new ZoneValidationTarget("defects.test.", [PowerDns]), new ValidationOptions { PublicZone = true }, ct);
        var clean = await Validator().ValidateAsync(new ZoneValidationTarget("clean.test.", [PowerDns]), new ValidationOptions { PublicZone = true }, ct);

        Assert.Contains(broken.Findings, f => f.CheckId == "cname-loop" && f.Severity == ValidationSeverity.Error);
        Assert.Contains(broken.Findings, f => f.CheckId == "cname-dangling" && f.Subject.StartsWith("alias.defects.test.", StringComparison.Ordinal));
        Assert.Contains(broken.Findings, f => f.CheckId == "target-missing" && f.Message.Contains("nohost.defects.test.", StringComparison.Ordinal));
        Assert.Contains(broken.Findings, f => f.CheckId == "target-cname" && f.Subject == "mail.defects.test. MX");
        Assert.Contains(broken.Findings, f => f.CheckId == "private-address" && f.Message.StartsWith("10.1.1.1", StringComparison.Ordinal));
        Assert.DoesNotContain(clean.Findings, f => f.Severity >= ValidationSeverity.Warning && f.CheckId is not ("soa-timers" or "ptr-missing"));
        Assert.Contains(clean.ChecksRun, c => c.Id == "cname-loop");
    }

    [Fact]
    public async Task A_serial_behind_differing_ns_and_a_lame_server_are_errors()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await servers.Bind.AddZoneAsync("pair.test.", """
            $TTL 300
            @    IN SOA ns1.pair.test. hostmaster.pair.test. 100 3600 600 1209600 300
                 IN NS  ns1.pair.test.
                 IN NS  ns2.pair.test.
            ns1  IN A   127.0.0.1
            ns2  IN A   127.0.0.2
            """ + "\n", ct);
        await PowerDnsZoneAsync("pair.test.", [], ct, soaSerial: 90);
        await servers.Bind.AddZoneAsync("only-bind.test.", "$TTL 300\n@ IN SOA ns1.only-bind.test. h.only-bind.test. 1 3600 600 1209600 300\n  IN NS ns1.only-bind.test.\nns1 IN A 127.0.0.1\n", ct);

        var pair = await Validator().ValidateAsync(new ZoneValidationTarget("pair.test.", [Bind, PowerDns]), new ValidationOptions(), ct);
        var lame = await Validator().ValidateAsync(new ZoneValidationTarget("only-bind.test.", [Bind, PowerDns]), new ValidationOptions(), ct);

        var serial = Assert.Single(pair.Findings, f => f.CheckId == "soa-serial");
        Assert.Equal(PowerDns.ToString(), serial.Server);
        Assert.Contains("10 step(s) behind 100", serial.Message, StringComparison.Ordinal);
        Assert.Equal(10, pair.SerialLag[PowerDns.ToString()]);
        Assert.Contains(pair.Findings, f => f.CheckId == "ns-consistent" && f.Server == PowerDns.ToString());
        Assert.Contains(lame.Findings, f => f.CheckId == "reachable" && f.Server == PowerDns.ToString() && f.Message.Contains("lame", StringComparison.Ordinal));
        Assert.DoesNotContain(lame.Findings, f => f.CheckId == "reachable" && f.Server == Bind.ToString());
    }

    [Fact]
    public async Task Declared_records_missing_or_different_and_ptrs_that_point_elsewhere_are_found()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await servers.Bind.AddZoneAsync("decl.test.", """
            $TTL 300
            @    IN SOA ns1.decl.test. hostmaster.decl.test. 1 3600 600 1209600 300
                 IN NS  ns1.decl.test.
            ns1  IN A   127.0.0.1
            www  IN A   192.0.2.91
            app  IN A   192.0.2.92
            """ + "\n", ct);
        var key = TsigKey.TryReadBindKeyFile(servers.Bind.KeyFile, out var k, out var error) ? k : throw new InvalidOperationException(error);
        var reverse = new Rfc2136Provider("bind", Bind, ["2.0.192.in-addr.arpa."], key, TimeSpan.FromSeconds(5));
        await reverse.ApplyAsync("2.0.192.in-addr.arpa.", [
            new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("91.2.0.192.in-addr.arpa.", "PTR", 300, ["www.decl.test."])),
            new DnsChange(DnsChangeKind.Replace, new DnsRecordSet("92.2.0.192.in-addr.arpa.", "PTR", 300, ["elsewhere.example."])),
        ], cancellationToken: ct);
        DnsRecordSet[] declared =
        [
            new("www.decl.test.", "A", 300, ["192.0.2.91"]),
            new("app.decl.test.", "A", 300, ["192.0.2.99"]),
            new("new.decl.test.", "A", 300, ["192.0.2.93"]),
            new("ns1.decl.test.", "AAAA", 300, ["2001:db8::1", "2001:DB8:0::1"]),
        ];

        var result = await Validator().ValidateAsync(new ZoneValidationTarget("decl.test.", [Bind], declared, TransferKey: key), new ValidationOptions(), ct);

        Assert.Contains(result.Findings, f => f.CheckId == "declared-served" && f.Subject == "app.decl.test. A" && f.Message.Contains("served 192.0.2.92, declared 192.0.2.99", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.CheckId == "declared-served" && f.Subject == "new.decl.test. A" && f.Message.Contains("not served", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.CheckId == "declared-served" && f.Subject.StartsWith("www", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.CheckId == "ptr-mismatch" && f.Subject.StartsWith("app.decl.test.", StringComparison.Ordinal) && f.Message.Contains("elsewhere.example.", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.CheckId is "ptr-missing" or "ptr-mismatch" && f.Subject.StartsWith("www.", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.CheckId == "extra-served" && f.Subject == "ns1.decl.test. A" && f.Severity == ValidationSeverity.Info);
        Assert.Contains(result.Findings, f => f.CheckId == "duplicate-record" && f.Subject == "ns1.decl.test. AAAA");
        Assert.DoesNotContain(result.Findings, f => f.CheckId == "duplicate-record" && f.Subject != "ns1.decl.test. AAAA");
    }

    /// <summary>A zone signed offline (dnssec-signzone) with signatures that end in 2 days: a warning before they expire.</summary>
    [Fact]
    public async Task Signatures_expiring_in_two_days_are_a_warning_and_a_bogus_parent_ds_an_error()
    {
        Prerequisites.RequirePrograms([.. DnsServersFixture.Programs, "dnssec-keygen", "dnssec-signzone"]);
        var ct = TestContext.Current.CancellationToken;
        const string Zone = "exp.up.test";
        var keys = Path.Combine(_directory, "keys");
        Directory.CreateDirectory(keys);
        var unsigned = Path.Combine(_directory, "exp.db");
        await File.WriteAllTextAsync(unsigned, $"$TTL 300\n@ IN SOA ns1.up.test. h.up.test. 1 3600 600 1209600 300\n  IN NS ns1.up.test.\nwww IN A 192.0.2.70\n", ct);
        var keygen = await ProcessRunner.RunAsync("dnssec-keygen", ["-K", keys, "-a", "ECDSAP256SHA256", "-f", "KSK", Zone], TimeSpan.FromSeconds(30), ct);
        var keyName = keygen.EnsureExitCode().StandardOutput.Trim();
        await File.AppendAllTextAsync(unsigned, $"$INCLUDE {Path.Combine(keys, keyName)}.key\n", ct);
        var now = TimeProvider.System.GetUtcNow();
        string Stamp(DateTimeOffset t) => t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        (await ProcessRunner.RunAsync("dnssec-signzone", ["-K", keys, "-z", "-o", Zone, "-s", Stamp(now.AddDays(-1)), "-e", Stamp(now.AddDays(2)), "-f", unsigned + ".signed", unsigned],
            TimeSpan.FromSeconds(60), ct)).EnsureExitCode();
        await servers.Bind.AddZoneAsync("up.test.", $"$TTL 300\n@ IN SOA ns1.up.test. h.up.test. 1 3600 600 1209600 300\n  IN NS ns1.up.test.\nns1 IN A 127.0.0.1\n" +
            $"exp IN NS ns1.up.test.\nexp IN DS 11111 13 2 {new string('A', 64)}\n", ct);
        await servers.Bind.AddZoneAsync(Zone + ".", await File.ReadAllTextAsync(unsigned + ".signed", ct), ct, dynamic: false);

        var result = await Validator().ValidateAsync(new ZoneValidationTarget(Zone + ".", [Bind], ExpectSigned: true), new ValidationOptions(), ct);

        var expiry = Assert.Single(result.Findings, f => f.CheckId == "rrsig-validity");
        Assert.Equal(ValidationSeverity.Warning, expiry.Severity);
        Assert.InRange(result.RrsigExpirySeconds!.Value, 1.5 * 86_400, 2.1 * 86_400);
        Assert.Contains(result.Findings, f => f.CheckId == "ds-match" && f.Severity == ValidationSeverity.Error);
        Assert.DoesNotContain(result.Findings, f => f.CheckId is "dnskey-present" or "rrset-signed" or "algorithm");
        Assert.Contains(result.ChecksRun, c => c.Id == "rrset-signed");

        var later = await Validator().ValidateAsync(new ZoneValidationTarget(Zone + ".", [Bind], ExpectSigned: true), new ValidationOptions { RrsigWarnDays = 1 }, ct);
        Assert.DoesNotContain(later.Findings, f => f.CheckId == "rrsig-validity");
    }

    /// <summary>The delegation at a parent (PowerDNS) against the child (BIND): NS sets must agree and glue must be the child's addresses.</summary>
    [Fact]
    public async Task A_parent_that_delegates_to_other_servers_or_has_stale_glue_is_an_error()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await PowerDnsZoneAsync("up3.test.", [
            ("kid", "NS", "ns1.kid.up3.test."), ("kid", "NS", "ns2.kid.up3.test."), ("ns1.kid", "A", "192.0.2.1"), ("ns2.kid", "A", "192.0.2.3"),
            ("other", "NS", "ns1.kid.up3.test."),
        ], ct);
        const string Child = "$TTL 300\n@ IN SOA ns1.kid.up3.test. h.kid.up3.test. 1 3600 600 1209600 300\n  IN NS ns1.kid.up3.test.\n  IN NS ns2.kid.up3.test.\n" +
            "ns1 IN A 192.0.2.2\nns2 IN A 192.0.2.3\n";
        await servers.Bind.AddZoneAsync("kid.up3.test.", Child, ct);
        await servers.Bind.AddZoneAsync("other.up3.test.", Child.Replace("kid.up3", "other.up3", StringComparison.Ordinal), ct);

        var kid = await Validator().ValidateAsync(new ZoneValidationTarget("kid.up3.test.", [Bind], ParentServers: [PowerDns]), new ValidationOptions(), ct);
        var other = await Validator().ValidateAsync(new ZoneValidationTarget("other.up3.test.", [Bind], ParentServers: [PowerDns]), new ValidationOptions(), ct);

        var glue = Assert.Single(kid.Findings, f => f.CheckId == "glue");
        Assert.Equal("ns1.kid.up3.test. glue", glue.Subject);
        Assert.Contains("{192.0.2.1} differs from the zone's addresses {192.0.2.2}", glue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(kid.Findings, f => f.CheckId == "ns-consistent");
        Assert.Contains(other.Findings, f => f.CheckId == "ns-consistent" && f.Server == PowerDns.ToString() && f.Message.StartsWith("the parent delegates to {ns1.kid.up3.test.}", StringComparison.Ordinal));
        Assert.Contains(kid.ChecksRun, c => c.Id == "glue");
    }

    /// <summary>
    /// The denial check asks for a random name: BIND's NSEC chain (dyn.test) and PowerDNS's NSEC3 hold it; a zone whose
    /// signatures have run out does not.
    /// </summary>
    [Fact]
    public async Task Random_names_are_denied_by_valid_nsec_and_nsec3_and_expired_signatures_fail()
    {
        Prerequisites.RequirePrograms([.. DnsServersFixture.Programs, "dnssec-keygen", "dnssec-signzone"]);
        var ct = TestContext.Current.CancellationToken;
        await PowerDnsZoneAsync("nsec3.test.", [("www", "A", "192.0.2.40")], ct);
        Assert.True(PacketGuide.Dns.Config.SecretReference.TryParse("env:DENIAL_TEST_KEY", out var apiKey, out _));
        using var http = new HttpClient();
        var manager = PacketGuide.Dns.Dnssec.DnssecManagerFactory.Create(
            new PacketGuide.Dns.Config.DnsProviderDefinition("pdns", "powerdns", [], "test") { Url = new Uri(servers.PowerDns.ApiUrl), ApiKey = apiKey, DnsAddress = PowerDns },
            http, name => name == "DENIAL_TEST_KEY" ? servers.PowerDns.ApiKey : null, TimeProvider.System);
        await manager.EnableAsync("nsec3.test.", new PacketGuide.Dns.Dnssec.DnssecSettings(true, Nsec3: new PacketGuide.Dns.Dnssec.Nsec3Settings(0, "ab12")), dryRun: false, ct);
        var expired = await SignOfflineAsync("old.up2.test", TimeProvider.System.GetUtcNow().AddDays(-10), TimeProvider.System.GetUtcNow().AddHours(-1), ct);
        await servers.Bind.AddZoneAsync("old.up2.test.", expired, ct, dynamic: false);

        var bindNsec = await Validator().ValidateAsync(new ZoneValidationTarget("dyn.test.", [Bind]), new ValidationOptions(), ct);
        var powerDnsNsec3 = await Validator().ValidateAsync(new ZoneValidationTarget("nsec3.test.", [PowerDns]), new ValidationOptions(), ct);
        var old = await Validator().ValidateAsync(new ZoneValidationTarget("old.up2.test.", [Bind]), new ValidationOptions(), ct);

        Assert.Contains(bindNsec.ChecksRun, c => c.Id == "denial");
        Assert.DoesNotContain(bindNsec.Findings, f => f.CheckId == "denial");
        Assert.Contains(powerDnsNsec3.ChecksRun, c => c.Id == "denial");
        Assert.DoesNotContain(powerDnsNsec3.Findings, f => f.CheckId == "denial");
        Assert.Contains(old.Findings, f => f.CheckId == "denial" && f.Message.Contains("no signature valid now", StringComparison.Ordinal));
        Assert.Contains(old.Findings, f => f.CheckId == "rrsig-validity" && f.Severity == ValidationSeverity.Error);
    }

    private async Task<string> SignOfflineAsync(string zone, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var keys = Path.Combine(_directory, "keys-" + zone);
        Directory.CreateDirectory(keys);
        var unsigned = Path.Combine(_directory, zone + ".db");
        var keygen = await ProcessRunner.RunAsync("dnssec-keygen", ["-K", keys, "-a", "ECDSAP256SHA256", "-f", "KSK", zone], TimeSpan.FromSeconds(30), ct);
        await File.WriteAllTextAsync(unsigned, $"$TTL 300\n@ IN SOA ns1.{zone}. h.{zone}. 1 3600 600 1209600 300\n  IN NS ns1.{zone}.\nns1 IN A 192.0.2.53\n" +
            $"$INCLUDE {Path.Combine(keys, keygen.EnsureExitCode().StandardOutput.Trim())}.key\n", ct);
        string Stamp(DateTimeOffset t) => t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        (await ProcessRunner.RunAsync("dnssec-signzone", ["-K", keys, "-z", "-P", "-o", zone, "-s", Stamp(start), "-e", Stamp(end), "-f", unsigned + ".signed", unsigned],
            TimeSpan.FromSeconds(60), ct)).EnsureExitCode();
        return await File.ReadAllTextAsync(unsigned + ".signed", ct);
    }

    [Fact]
    public async Task The_cli_exits_0_clean_1_on_findings_and_3_when_a_server_does_not_answer()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        await PowerDnsZoneAsync("cli-clean.test.", [("www", "A", "192.0.2.60")], ct, soaSerial: 1, expire: 1_209_600);
        var bind = servers.Bind.Endpoint;

        var clean = await Cli(["--zone", "cli-clean.test", "--server", servers.PowerDns.Endpoint, "--skip", "ptr-missing"], ct);
        Assert.True(clean.ExitCode == 0, clean.StandardOutput + clean.StandardError);

        var junit = Path.Combine(_directory, "validate.xml");
        var prom = Path.Combine(_directory, "validate.prom");
        var findings = await Cli(["--zone", "static.test", "--server", bind, "--fail-on", "warning", "--json", "--junit", junit, "--prom-textfile", prom], ct);
        Assert.Equal(1, findings.ExitCode);
        using (var json = System.Text.Json.JsonDocument.Parse(findings.StandardOutput))
        {
            Assert.Contains(json.RootElement.GetProperty("zones")[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString() == "soa-timers");
        }

        Assert.Contains("soa-timers", await File.ReadAllTextAsync(junit, ct), StringComparison.Ordinal);
        Assert.Contains("pguide_dns_validate_", await File.ReadAllTextAsync(prom, ct), StringComparison.Ordinal);
        var plain = await Cli(["--zone", "static.test", "--server", bind], ct);
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("soa-timers", plain.StandardOutput, StringComparison.Ordinal);

        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var unreachable = await Cli(["--zone", "static.test", "--server", bind, "--server", $"127.0.0.1:{port}", "--timeout", "0.5"], ct);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("reachable", unreachable.StandardOutput, StringComparison.Ordinal);

        var badSkip = await Cli(["--zone", "static.test", "--server", bind, "--skip", "no-such-check"], ct);
        Assert.Equal(2, badSkip.ExitCode);
        Assert.Equal(2, (await Cli(["--zone", "static.test", "--server", bind, "--timeout", "-1"], ct)).ExitCode);
        Assert.Equal(2, (await Cli(["--zone", "static.test", "--server", bind, "--watch", "soon"], ct)).ExitCode);
        Assert.Equal(2, (await Cli(["--zone", "static.test"], ct)).ExitCode);
    }

    private static Task<ProcessResult> Cli(string[] arguments, CancellationToken ct) =>
        ProcessRunner.RunAsync("dotnet", [s_pguide, "dns", "validate", .. arguments], TimeSpan.FromSeconds(60), ct);

    private async Task PowerDnsZoneAsync(string zone, (string Name, string Type, string Value)[] records, CancellationToken ct, int soaSerial = 1, int expire = 1_209_600)
    {
        var rrsets = records.Append((Name: "ns1", Type: "A", Value: "192.0.2.53")).GroupBy(r => (r.Name, r.Type)).Select(g => new Dictionary<string, object>
        {
            ["name"] = g.Key.Name == "@" ? zone : $"{g.Key.Name}.{zone}",
            ["type"] = g.Key.Type,
            ["ttl"] = 300,
            ["records"] = g.Select(r => new Dictionary<string, object> { ["content"] = r.Value, ["disabled"] = false }).ToArray(),
        }).Append(new Dictionary<string, object>
        {
            ["name"] = zone, ["type"] = "SOA", ["ttl"] = 300,
            ["records"] = new[] { new Dictionary<string, object> { ["content"] = $"ns1.{zone} hostmaster.{zone} {soaSerial} 3600 600 {expire} 300", ["disabled"] = false } },
        }).ToList();
        await servers.PowerDns.CreateZoneAsync(zone, ct, rrsets);
    }
}
