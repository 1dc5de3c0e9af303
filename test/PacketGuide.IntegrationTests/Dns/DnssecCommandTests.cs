using System.Globalization;
using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// The real <c>pguide dns dnssec</c> process against PowerDNS (secure.test, cryptokeys API) and BIND (sec.test, added with
/// rndc addzone; dnssec-policy over rndc). Every result is checked on what the server serves: dig +dnssec, an AXFR that
/// ldns-verify-zone must accept, and DS text equal to dnssec-dsfromkey's for the served DNSKEY.
/// </summary>
public sealed class DnssecCommandTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IDisposable
{
    private const string KeyVariable = "PGUIDE_TEST_PDNS_KEY";
    private static readonly string[] s_programs = [.. DnsServersFixture.Programs, "rndc", "ldns-verify-zone", "dnssec-dsfromkey"];
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("pguide-dnssec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PowerDns_split_keys_with_nsec3_are_served_verified_rolled_over_by_pre_publication_and_disabled()
    {
        Prerequisites.RequirePrograms(s_programs);
        var ct = TestContext.Current.CancellationToken;
        const string Zone = "secure.test";
        var port = servers.PowerDns.Port;

        var enable = await PowerDns(["enable", Zone, "--split-keys", "--nsec3-iterations", "0", "--nsec3-salt", "AB12", "--json"], ct);
        using (var json = JsonDocument.Parse(enable.EnsureExitCode().StandardOutput))
        {
            Assert.True(json.RootElement.GetProperty("changed").GetBoolean());
        }

        Assert.Contains("RRSIG", await DigAsync(port, Zone, "SOA", ct), StringComparison.Ordinal);
        Assert.Contains("NSEC3PARAM 1 0 0 AB12", await DigAsync(port, Zone, "NSEC3PARAM", ct), StringComparison.Ordinal);
        await VerifyZoneAsync(port, Zone, ct);
        Assert.Equal(await DsFromKeyAsync(port, Zone, ct), (await PowerDns(["ds", Zone], ct)).EnsureExitCode().StandardOutput.Trim());

        var again = await PowerDns(["enable", Zone, "--split-keys", "--nsec3-salt", "ab12"], ct);
        Assert.Contains("no change", again.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        var status = await StatusAsync((a, c) => PowerDns(a, c), Zone, ct);
        Assert.True(status.GetProperty("signed").GetBoolean());
        Assert.Equal("ab12", status.GetProperty("nsec3").GetProperty("salt").GetString());
        var zsk = Assert.Single(status.GetProperty("keys").EnumerateArray(), k => k.GetProperty("role").GetString() == "ZSK").GetProperty("keyTag").GetInt32();
        Assert.True(status.GetProperty("signatures").GetProperty("daysLeft").GetDouble() > 7);

        // Step 1, then a run before the DNSKEY TTL has passed waits and changes nothing, then steps 2 and 3 (waits skipped).
        var step1 = await Rollover(["rollover", Zone, "--json"], ct);
        Assert.Equal(1, step1.GetProperty("step").GetInt32());
        var early = await Rollover(["rollover", Zone, "--json"], ct);
        Assert.True(early.GetProperty("waiting").GetBoolean());
        Assert.Equal(2, (await StatusAsync((a, c) => PowerDns(a, c), Zone, ct)).GetProperty("keys").EnumerateArray().Count(k => k.GetProperty("role").GetString() == "ZSK"));
        await VerifyZoneAsync(port, Zone, ct);

        Assert.Equal(2, (await Rollover(["rollover", Zone, "--force", "--json"], ct)).GetProperty("step").GetInt32());
        var signingZsk = (await StatusAsync((a, c) => PowerDns(a, c), Zone, ct)).GetProperty("keys").EnumerateArray()
            .Single(k => k.GetProperty("role").GetString() == "ZSK" && k.GetProperty("signsRecords").GetBoolean()).GetProperty("keyTag").GetInt32();
        Assert.NotEqual(zsk, signingZsk);
        await VerifyZoneAsync(port, Zone, ct);

        var step3 = await Rollover(["rollover", Zone, "--force", "--json"], ct);
        Assert.Equal(3, step3.GetProperty("step").GetInt32());
        Assert.Equal(JsonValueKind.Null, step3.GetProperty("next").ValueKind);
        var after = await StatusAsync((a, c) => PowerDns(a, c), Zone, ct);
        Assert.Equal(signingZsk, Assert.Single(after.GetProperty("keys").EnumerateArray(), k => k.GetProperty("role").GetString() == "ZSK").GetProperty("keyTag").GetInt32());
        await VerifyZoneAsync(port, Zone, ct);

        (await PowerDns(["disable", Zone], ct)).EnsureExitCode();
        Assert.DoesNotContain("DNSKEY", await DigAsync(port, Zone, "DNSKEY", ct), StringComparison.Ordinal);
        Assert.DoesNotContain("RRSIG", await DigAsync(port, Zone, "SOA", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerDns_bad_input_unknown_zone_wrong_key_and_no_server_give_clear_errors_and_exit_codes()
    {
        Prerequisites.RequirePrograms(s_programs);
        var ct = TestContext.Current.CancellationToken;

        var algorithm = await PowerDns(["enable", "secure.test", "--algorithm", "7"], ct);
        Assert.Equal(2, algorithm.ExitCode);
        Assert.Contains("algorithm 7 is not supported", algorithm.StandardError, StringComparison.Ordinal);

        var salt = await PowerDns(["enable", "secure.test", "--nsec3-salt", "xyz"], ct);
        Assert.Equal(2, salt.ExitCode);
        Assert.Contains("NSEC3 salt 'xyz'", salt.StandardError, StringComparison.Ordinal);

        var digest = await PowerDns(["ds", "secure.test", "--digest", "3"], ct);
        Assert.Equal(2, digest.ExitCode);

        var missing = await PowerDns(["enable", "nowhere.test"], ct);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("has no zone nowhere.test. (404)", missing.StandardError, StringComparison.Ordinal);

        const string WrongKey = "wrong-key-dnssec-77";
        var wrong = await PowerDns(["status", "secure.test"], ct, key: WrongKey);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("refused the API key (401)", wrong.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, wrong.StandardError + wrong.StandardOutput, StringComparison.Ordinal);

        var unreachable = await PowerDns(["status", "secure.test"], ct, url: "http://127.0.0.1:9/api/v1/servers/localhost");
        Assert.Equal(3, unreachable.ExitCode);

        var csk = await PowerDns(["rollover", "secure.test"], ct);
        Assert.Equal(2, csk.ExitCode); // not signed (or a CSK): nothing to roll
    }

    [Fact]
    public async Task Bind_dnssec_policy_over_rndc_signs_switches_to_nsec3_and_goes_insecure_and_named_conf_zones_get_the_exact_change()
    {
        Prerequisites.RequirePrograms(s_programs);
        var ct = TestContext.Current.CancellationToken;
        const string Zone = "sec.test";
        var port = servers.Bind.Port;

        var before = await Bind(["status", Zone, "--json"], ct);
        using (var json = JsonDocument.Parse(before.EnsureExitCode().StandardOutput))
        {
            Assert.False(json.RootElement.GetProperty("signed").GetBoolean());
        }

        var dry = await Bind(["enable", Zone, "--dry-run"], ct);
        Assert.Contains("would change", dry.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("RRSIG", await DigAsync(port, Zone, "SOA", ct), StringComparison.Ordinal);

        (await Bind(["enable", Zone], ct)).EnsureExitCode();
        await EventuallyAsync(async () => (await DigAsync(port, Zone, "SOA", ct)).Contains("RRSIG", StringComparison.Ordinal), "sec.test signed", ct);
        await EventuallyAsync(async () => (await VerifyZoneAsync(port, Zone, ct, ensure: false)).ExitCode == 0, "ldns-verify-zone passes", ct);
        Assert.Equal(await DsFromKeyAsync(port, Zone, ct), (await Bind(["ds", Zone], ct)).EnsureExitCode().StandardOutput.Trim());
        var sha384 = (await Bind(["ds", Zone, "--digest", "4"], ct)).EnsureExitCode().StandardOutput.Trim();
        Assert.Equal(await DsFromKeyAsync(port, Zone, ct, "-a", "SHA-384"), sha384);

        var status = await StatusAsync(Bind, Zone, ct);
        Assert.True(status.GetProperty("signed").GetBoolean());
        Assert.Contains("dnssec-policy: default", status.GetProperty("serverReport").GetString(), StringComparison.Ordinal);
        Assert.Contains("default", (await Rollover(["rollover", Zone, "--json"], ct, Bind)).GetProperty("state").GetString(), StringComparison.Ordinal);
        Assert.Contains("no change", (await Bind(["enable", Zone], ct)).EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        // A policy named.conf defines (bind.sh): KSK+ZSK with NSEC3; then one it lacks: the exact block to add, nothing changed.
        (await Bind(["enable", Zone, "--split-keys", "--nsec3"], ct)).EnsureExitCode();
        await EventuallyAsync(async () => (await DigAsync(port, Zone, "NSEC3PARAM", ct)).Contains("NSEC3PARAM 1 0 0 -", StringComparison.Ordinal), "NSEC3PARAM served", ct);
        await EventuallyAsync(async () => (await VerifyZoneAsync(port, Zone, ct, ensure: false)).ExitCode == 0, "ldns-verify-zone passes with NSEC3", ct);
        var missingPolicy = await Bind(["enable", Zone, "--algorithm", "14"], ct);
        Assert.Contains("dnssec-policy \"pguide-a14-csk\" {", missingPolicy.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pguide-a13-split-nsec3-i0-s0", (await StatusAsync(Bind, Zone, ct)).GetProperty("serverReport").GetString(), StringComparison.Ordinal);

        var disable = await Bind(["disable", Zone], ct);
        Assert.Contains("withdrawn", disable.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("dnssec-policy: insecure", (await StatusAsync(Bind, Zone, ct)).GetProperty("serverReport").GetString(), StringComparison.Ordinal);

        var namedConf = await Bind(["enable", "static.test"], ct);
        Assert.Contains("defined in named.conf", namedConf.EnsureExitCode().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("zone \"static.test\" { type primary; file \"static.test.db\"; inline-signing yes; dnssec-policy \"default\"; };", namedConf.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// A parent on the same server: a DS there that matches no key of the signed child is a finding (exit 1, "bogus"); the
    /// DS that `ds` prints, put at the parent, clears it.
    /// </summary>
    [Fact]
    public async Task Bind_a_local_parents_ds_that_matches_no_key_is_a_finding_until_the_right_ds_is_there()
    {
        Prerequisites.RequirePrograms(s_programs);
        var ct = TestContext.Current.CancellationToken;
        const string Parent = "parent-bind.test";
        const string Child = "kid.parent-bind.test";
        await servers.Bind.AddZoneAsync(Parent, $"""
            $TTL 300
            @    IN SOA ns1.{Parent}. hostmaster.{Parent}. 1 3600 600 86400 300
                 IN NS  ns1.{Parent}.
            ns1  IN A   127.0.0.1
            kid  IN NS  ns1.{Parent}.
            kid  IN DS  12345 13 2 {new string('0', 64)}
            """ + "\n", ct);
        await servers.Bind.AddZoneAsync(Child, $"""
            $TTL 300
            @    IN SOA ns1.{Parent}. hostmaster.{Parent}. 1 3600 600 86400 300
                 IN NS  ns1.{Parent}.
            www  IN A   192.0.2.80
            """ + "\n", ct);
        (await Bind(["enable", Child], ct)).EnsureExitCode();
        await EventuallyAsync(async () => (await DigAsync(servers.Bind.Port, Child, "SOA", ct)).Contains("RRSIG", StringComparison.Ordinal), $"{Child} signed", ct);

        var bogus = await Bind(["status", Child, "--json"], ct);
        Assert.True(bogus.ExitCode == 1, bogus.StandardOutput + bogus.StandardError);
        using (var json = JsonDocument.Parse(bogus.StandardOutput))
        {
            Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetString()!.Contains("matches no key signing key", StringComparison.Ordinal));
        }

        var ds = (await Bind(["ds", Child], ct)).EnsureExitCode().StandardOutput.Trim().Split('\n')[0];
        var rdata = ds[(ds.IndexOf(" DS ", StringComparison.Ordinal) + 4)..];
        var config = Path.Combine(_directory, "parent.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    bind:\n      type: rfc2136\n      server: {servers.Bind.Endpoint}\n      zones: [{Parent}]\n      tsig-key-file: {servers.Bind.KeyFile}\n", ct);
        (await Run(["dns", "record", "set", $"{Child}.", "DS", rdata, "--zone", Parent, "--config", config], new Dictionary<string, string>(StringComparer.Ordinal), ct))
            .EnsureExitCode();

        var good = await Bind(["status", Child], ct);
        Assert.True(good.ExitCode == 0, good.StandardOutput + good.StandardError);
    }

    private static async Task<JsonElement> StatusAsync(Func<string[], CancellationToken, Task<ProcessResult>> run, string zone, CancellationToken ct)
    {
        var result = await run(["status", zone, "--json"], ct);
        using var json = JsonDocument.Parse(result.EnsureExitCode().StandardOutput);
        return json.RootElement.Clone();
    }

    private async Task<JsonElement> Rollover(string[] arguments, CancellationToken ct, Func<string[], CancellationToken, Task<ProcessResult>>? run = null)
    {
        var result = await (run ?? ((a, c) => PowerDns(a, c)))(arguments, ct);
        using var json = JsonDocument.Parse(result.EnsureExitCode().StandardOutput);
        return json.RootElement.Clone();
    }

    private async Task<ProcessResult> PowerDns(string[] arguments, CancellationToken ct, string? key = null, string? url = null)
    {
        var config = Path.Combine(_directory, $"pguide-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {url ?? servers.PowerDns.ApiUrl}\n      api-key: env:{KeyVariable}\n" +
            $"      server: {servers.PowerDns.Endpoint}\n", ct);
        return await Run(["dns", "dnssec", .. arguments, "--config", config, "--timeout", "5"],
            new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = key ?? servers.PowerDns.ApiKey }, ct);
    }

    private async Task<ProcessResult> Bind(string[] arguments, CancellationToken ct)
    {
        var config = Path.Combine(_directory, $"pguide-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    bind:\n      type: rfc2136\n      server: {servers.Bind.Endpoint}\n      zones: [sec.test, static.test, parent-bind.test, kid.parent-bind.test]\n" +
            $"      tsig-key-file: {servers.Bind.KeyFile}\n" +
            string.Create(CultureInfo.InvariantCulture, $"      rndc: {{ server: 127.0.0.1:{servers.Bind.RndcPort}, key-file: {servers.Bind.RndcKeyFile} }}\n"), ct);
        return await Run(["dns", "dnssec", .. arguments, "--config", config, "--timeout", "10"], new Dictionary<string, string>(StringComparer.Ordinal), ct);
    }

    private static Task<ProcessResult> Run(string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken ct) =>
        ProcessRunner.RunAsync("dotnet", [s_pguide, .. arguments], TimeSpan.FromSeconds(60), ct, environment);

    private static async Task<string> DigAsync(int port, string name, string type, CancellationToken ct)
    {
        var dig = await ProcessRunner.RunAsync("dig",
            ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), name, type, "+dnssec", "+norec", "+noall", "+answer"], TimeSpan.FromSeconds(30), ct);
        return dig.EnsureExitCode().StandardOutput;
    }

    /// <summary>AXFR from the server into a file, then ldns-verify-zone on it (RECIPES-DNS-DHCP.md s.5).</summary>
    private async Task<ProcessResult> VerifyZoneAsync(int port, string zone, CancellationToken ct, bool ensure = true)
    {
        var axfr = await ProcessRunner.RunAsync("dig",
            ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), zone, "AXFR", "+onesoa", "+nocmd", "+nostats", "+nocomments"], TimeSpan.FromSeconds(30), ct);
        var file = Path.Combine(_directory, $"{zone}-{Guid.NewGuid():N}.axfr");
        await File.WriteAllLinesAsync(file, axfr.EnsureExitCode().StandardOutput.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(';')), ct);
        var verify = await ProcessRunner.RunAsync("ldns-verify-zone", [file], TimeSpan.FromSeconds(60), ct);
        return ensure ? verify.EnsureExitCode() : verify;
    }

    /// <summary>What dnssec-dsfromkey computes for the served DNSKEY RRset (its KSKs), one line each.</summary>
    private async Task<string> DsFromKeyAsync(int port, string zone, CancellationToken ct, params string[] digest)
    {
        var keys = await ProcessRunner.RunAsync("dig",
            ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), zone, "DNSKEY", "+norec", "+noall", "+answer"], TimeSpan.FromSeconds(30), ct);
        var file = Path.Combine(_directory, $"{zone}-{Guid.NewGuid():N}.dnskey");
        await File.WriteAllTextAsync(file, keys.EnsureExitCode().StandardOutput, ct);
        var ds = await ProcessRunner.RunAsync("dnssec-dsfromkey", [.. (digest.Length > 0 ? digest : ["-2"]), "-f", file, zone], TimeSpan.FromSeconds(30), ct);
        return string.Join('\n', ds.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail($"not within 20 s: {what}");
    }
}
