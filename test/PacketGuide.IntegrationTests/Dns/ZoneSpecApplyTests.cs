using System.Globalization;
using System.Text.Json;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Dns;

/// <summary>
/// Zones as code end to end with the real <c>pguide</c>: a zone of its own per test on PowerDNS (created through its API)
/// and on BIND (<c>rndc addzone</c>), a spec applied to it, and every claim checked over DNS with dig.
/// </summary>
public sealed class ZoneSpecApplyTests(DnsServersFixture servers) : IClassFixture<DnsServersFixture>, IDisposable
{
    private const string KeyVariable = "PGUIDE_TEST_PDNS_KEY";
    private static readonly string s_pguide = Path.Combine(AppContext.BaseDirectory, "pguide.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("pguide-zones-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Records = """
          - {name: www, type: A, values: [192.0.2.10, 192.0.2.11]}
          - {name: www, type: AAAA, value: "2001:db8::10"}
          - {name: mail, type: A, value: 192.0.2.25}
          - {name: "@", type: MX, value: 10 mail.ZONE}
          - {name: "@", type: TXT, values: ["v=spf1 mx -all", "quote \" and, comma"]}
          - {name: _sip._tcp, type: SRV, value: 10 60 5060 www.ZONE}
          - {name: alias, type: CNAME, value: www.ZONE}
          - {name: "@", type: CAA, value: 0 issue "letsencrypt.org"}
          - {name: h1, type: A, value: 192.0.2.101}
          - {name: h2, type: A, value: 192.0.2.102}
          - {name: h3, type: A, value: 192.0.2.103}
          - {name: h4, type: A, value: 192.0.2.104}
        """;

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task A_spec_applied_to_an_empty_zone_is_served_plans_no_change_and_an_edit_lands(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync(provider, "life", ct);
        var spec = await WriteSpecAsync(zone, provider, Records, ct);
        var log = Path.Combine(_directory, "apply.jsonl");

        Assert.Equal(2, (await Pguide(["dns", "plan", spec, "--detailed-exitcode"], ct)).ExitCode);
        var apply = await Pguide(["dns", "apply", spec, "--auto-approve", "--log", log], ct);
        Assert.Contains($"{zone}: applied 12 change(s)", apply.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        var again = await Pguide(["dns", "plan", spec, "--detailed-exitcode"], ct);
        Assert.True(again.ExitCode == 0, again.StandardOutput + again.StandardError);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], await DigAsync(provider, $"www.{zone}", "A", ct));
        Assert.Equal(["2001:db8::10"], await DigAsync(provider, $"www.{zone}", "AAAA", ct));
        Assert.Equal([$"10 mail.{zone}"], await DigAsync(provider, zone, "MX", ct));
        Assert.Equal(["\"quote \\\" and, comma\"", "\"v=spf1 mx -all\""], await DigAsync(provider, zone, "TXT", ct));
        Assert.Equal([$"10 60 5060 www.{zone}"], await DigAsync(provider, $"_sip._tcp.{zone}", "SRV", ct));
        Assert.Equal([$"www.{zone}"], await DigAsync(provider, $"alias.{zone}", "CNAME", ct));
        Assert.Equal(["0 issue \"letsencrypt.org\""], await DigAsync(provider, zone, "CAA", ct));
        Assert.Equal(["\"heritage=pguide,owner=pguide,types=A+AAAA\""], await DigAsync(provider, $"_pguide.www.{zone}", "TXT", ct));

        // Edit: change an address, drop the TXT, add a name.
        var edited = Records.Replace("192.0.2.101", "192.0.2.201", StringComparison.Ordinal)
            .Replace("  - {name: \"@\", type: TXT, values: [\"v=spf1 mx -all\", \"quote \\\" and, comma\"]}\n", "", StringComparison.Ordinal)
            + "\n  - {name: new, type: A, value: 192.0.2.77}\n";
        await WriteSpecAsync(zone, provider, edited, ct);
        var plan = await Pguide(["dns", "plan", spec, "--json"], ct);
        using (var json = JsonDocument.Parse(plan.EnsureExitCode().StandardOutput))
        {
            var summary = json.RootElement.GetProperty("zones")[0].GetProperty("summary");
            Assert.Equal((1, 1, 1), (summary.GetProperty("create").GetInt32(), summary.GetProperty("update").GetInt32(), summary.GetProperty("delete").GetInt32()));
        }

        (await Pguide(["dns", "apply", spec, "--auto-approve", "--log", log], ct)).EnsureExitCode();
        Assert.Equal(["192.0.2.201"], await DigAsync(provider, $"h1.{zone}", "A", ct));
        Assert.Empty(await DigAsync(provider, zone, "TXT", ct));
        Assert.Equal(["192.0.2.77"], await DigAsync(provider, $"new.{zone}", "A", ct));
        Assert.Equal(0, (await Pguide(["dns", "plan", spec, "--detailed-exitcode"], ct)).ExitCode);

        var logged = (await File.ReadAllLinesAsync(log, ct)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var update = Assert.Single(logged, l => l.GetProperty("action").GetString() == "update" && l.GetProperty("name").GetString() == $"h1.{zone}");
        Assert.Equal("192.0.2.101", update.GetProperty("before").GetProperty("values")[0].GetString());
        Assert.Equal("192.0.2.201", update.GetProperty("after").GetProperty("values")[0].GetString());
    }

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task Unmanaged_external_dns_and_ignored_records_survive_and_only_managed_ones_are_deleted(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync(provider, "owners", ct);
        var config = await ConfigAsync(ct);
        foreach (var (name, type, value) in new[]
                 {
                     ($"manual.{zone}", "A", "192.0.2.50"),
                     ($"k8s.{zone}", "TXT", "heritage=external-dns,external-dns/owner=default"),
                     ($"k8s.{zone}", "A", "192.0.2.51"),
                     ($"_acme-challenge.www.{zone}", "TXT", "token-123"),
                 })
        {
            (await Pguide(["dns", "record", "set", name, type, value, "--provider", provider, "--config", config], ct)).EnsureExitCode();
        }

        var spec = await WriteSpecAsync(zone, provider, "  - {name: keep, type: A, value: 192.0.2.1}\n  - {name: gone, type: A, value: 192.0.2.2}\n",
            ct, extra: "ignore: [\"_acme-challenge.*\"]\n");
        (await Pguide(["dns", "apply", spec, "--auto-approve"], ct)).EnsureExitCode();
        await WriteSpecAsync(zone, provider, "  - {name: keep, type: A, value: 192.0.2.1}\n", ct, extra: "ignore: [\"_acme-challenge.*\"]\n");

        var plan = await Pguide(["dns", "plan", spec, "--json"], ct);
        using (var json = JsonDocument.Parse(plan.EnsureExitCode().StandardOutput))
        {
            var changes = json.RootElement.GetProperty("zones")[0].GetProperty("changes").EnumerateArray().ToList();
            var delete = Assert.Single(changes);
            Assert.Equal(("delete", $"gone.{zone}"), (delete.GetProperty("action").GetString(), delete.GetProperty("name").GetString()));
        }

        (await Pguide(["dns", "apply", spec, "--auto-approve"], ct)).EnsureExitCode();
        Assert.Empty(await DigAsync(provider, $"gone.{zone}", "A", ct));
        Assert.Equal(["192.0.2.1"], await DigAsync(provider, $"keep.{zone}", "A", ct));
        Assert.Equal(["192.0.2.50"], await DigAsync(provider, $"manual.{zone}", "A", ct));
        Assert.Equal(["192.0.2.51"], await DigAsync(provider, $"k8s.{zone}", "A", ct));
        Assert.Equal(["\"token-123\""], await DigAsync(provider, $"_acme-challenge.www.{zone}", "TXT", ct));
    }

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task A_plan_over_the_delete_limit_is_refused_until_forced_and_a_stale_saved_plan_is_refused(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync(provider, "rails", ct);
        var spec = await WriteSpecAsync(zone, provider, Records, ct);
        (await Pguide(["dns", "apply", spec, "--auto-approve"], ct)).EnsureExitCode();

        // Drop h1..h4 and the TXT: 5 of about 14 RRsets, over the 30 % limit.
        var smaller = string.Join('\n', Records.Split('\n').Where(l => !l.Contains("name: h", StringComparison.Ordinal) && !l.Contains("TXT", StringComparison.Ordinal)));
        await WriteSpecAsync(zone, provider, smaller, ct);
        var refused = await Pguide(["dns", "apply", spec, "--auto-approve"], ct);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("would be deleted; the limit is 30 % (safety.max-delete-percent in", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--force", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.101"], await DigAsync(provider, $"h1.{zone}", "A", ct));

        // A saved plan, then someone changes the zone: the plan is stale.
        var saved = Path.Combine(_directory, "plan.json");
        (await Pguide(["dns", "plan", spec, "--out", saved], ct)).EnsureExitCode();
        var config = await ConfigAsync(ct);
        (await Pguide(["dns", "record", "set", $"other.{zone}", "A", "192.0.2.9", "--provider", provider, "--config", config], ct)).EnsureExitCode();
        var stale = await Pguide(["dns", "apply", "--plan", saved, "--auto-approve", "--force"], ct);
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("changed since the plan was made", stale.StandardError, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.101"], await DigAsync(provider, $"h1.{zone}", "A", ct));

        (await Pguide(["dns", "apply", spec, "--auto-approve", "--force"], ct)).EnsureExitCode();
        Assert.Empty(await DigAsync(provider, $"h1.{zone}", "A", ct));
        Assert.Equal(["192.0.2.9"], await DigAsync(provider, $"other.{zone}", "A", ct));
    }

    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task An_imported_zone_plans_only_its_ownership_markers(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync(provider, "adopt", ct);
        var config = await ConfigAsync(ct);
        var source = await WriteSpecAsync(zone, provider, Records, ct);
        (await Pguide(["dns", "apply", source, "--auto-approve"], ct)).EnsureExitCode();
        File.Delete(source);

        var imported = Path.Combine(_directory, "zones", zone + "yaml");
        var from = provider == "bind"
            ? new[] { "--from", "axfr", "--server", servers.Bind.Endpoint, "--tsig-key-file", servers.Bind.KeyFile }
            : ["--from", "provider", "--provider", provider, "--config", config];
        (await Pguide(["dns", "import", zone, .. from, "--out", imported], ct)).EnsureExitCode();
        (await Pguide(["dns", "check", imported], ct)).EnsureExitCode();
        var text = await File.ReadAllTextAsync(imported, ct);
        Assert.DoesNotContain("name: _pguide", text, StringComparison.Ordinal);
        Assert.DoesNotContain("type: SOA", text, StringComparison.Ordinal);
        Assert.Contains("{name: www, type: A, values: [192.0.2.10, 192.0.2.11]}", text, StringComparison.Ordinal);

        var plan = await Pguide(["dns", "plan", imported, "--provider", provider, "--json"], ct);
        using var json = JsonDocument.Parse(plan.EnsureExitCode().StandardOutput);
        var first = json.RootElement.GetProperty("zones")[0];
        Assert.Equal(0, first.GetProperty("changes").GetArrayLength());
        Assert.True(first.GetProperty("summary").GetProperty("markers").GetInt32() > 0); // the apex NS (and BIND's ns1) become managed too

        var again = await Pguide(["dns", "import", zone, .. from, "--out", imported], ct);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--overwrite", again.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A spec's dnssec: block is converged by apply (after the records) and then plans no change.</summary>
    [Theory]
    [InlineData("pdns")]
    [InlineData("bind")]
    public async Task Dnssec_in_the_spec_signs_the_zone_and_then_plans_no_change(string provider)
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync(provider, "signed", ct);
        var spec = await WriteSpecAsync(zone, provider, "  - {name: www, type: A, value: 192.0.2.10}\n", ct, extra: "dnssec: {enabled: true, algorithm: 13}\n");

        var plan = await Pguide(["dns", "plan", spec, "--json"], ct);
        using (var json = JsonDocument.Parse(plan.EnsureExitCode().StandardOutput))
        {
            var first = json.RootElement.GetProperty("zones")[0];
            Assert.True(first.GetProperty("summary").GetProperty("dnssec").GetBoolean());
            Assert.NotEqual(0, first.GetProperty("dnssec").GetProperty("actions").GetArrayLength());
        }

        var apply = await Pguide(["dns", "apply", spec, "--auto-approve"], ct);
        Assert.Contains($"dnssec {zone}:", apply.EnsureExitCode().StandardOutput, StringComparison.Ordinal);

        // Signed: the A record comes with an RRSIG (BIND signs in the background: poll, as a limit).
        var port = (provider == "bind" ? servers.Bind.Port : servers.PowerDns.Port).ToString(CultureInfo.InvariantCulture);
        var signed = "";
        for (var i = 0; i < 100 && !signed.Contains("RRSIG", StringComparison.Ordinal); i++)
        {
            signed = (await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port, $"www.{zone}", "A", "+dnssec", "+norec"], TimeSpan.FromSeconds(30), ct)).StandardOutput;
            await Task.Delay(100, ct);
        }

        Assert.Contains("RRSIG", signed, StringComparison.Ordinal);
        var again = await Pguide(["dns", "plan", spec, "--json"], ct);
        using var after = JsonDocument.Parse(again.EnsureExitCode().StandardOutput);
        Assert.False(after.RootElement.GetProperty("zones")[0].GetProperty("summary").GetProperty("dnssec").GetBoolean(), again.StandardOutput);
    }

    /// <summary>
    /// One zone, three ways in: the RFC 1035 file both servers load (static.test), PowerDNS's API and an AXFR from
    /// PowerDNS give the same spec, and planned against PowerDNS it changes no record.
    /// </summary>
    [Fact]
    public async Task Import_from_a_zone_file_the_api_and_an_axfr_give_the_same_spec()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var config = await ConfigAsync(ct);
        var zoneFile = Path.Combine(RepositoryLayout.Root, "test", "data", "dns", "static.test.zone");
        var sources = new[]
        {
            new[] { "--from", "zonefile", "--file", zoneFile },
            ["--from", "provider", "--provider", "pdns", "--config", config],
            ["--from", "axfr", "--server", servers.PowerDns.Endpoint],
        };
        for (var i = 0; i < sources.Length; i++)
        {
            var spec = Path.Combine(_directory, $"static-{i}.yaml");
            (await Pguide(["dns", "import", "static.test", .. sources[i], "--out", spec], ct)).EnsureExitCode();
            Assert.Contains("# static.test: 18 RRsets imported from", await File.ReadAllTextAsync(spec, ct), StringComparison.Ordinal);

            // Each reads as the zone PowerDNS serves: no record would change (values compared as the server means them).
            var plan = await Pguide(["dns", "plan", spec, "--provider", "pdns", "--json"], ct);
            using var json = JsonDocument.Parse(plan.EnsureExitCode().StandardOutput);
            var changes = json.RootElement.GetProperty("zones")[0].GetProperty("changes");
            Assert.True(changes.GetArrayLength() == 0, $"{string.Join(' ', sources[i])}: {changes}");
        }
    }

    /// <summary>Without --auto-approve: a terminal (util-linux's script) must answer "yes"; anything else, or no terminal, sends nothing.</summary>
    [Fact]
    public async Task Apply_asks_on_a_terminal_and_sends_nothing_without_a_yes()
    {
        Prerequisites.RequirePrograms([.. DnsServersFixture.Programs, "script"]);
        var ct = TestContext.Current.CancellationToken;
        var zone = await NewZoneAsync("pdns", "confirm", ct);
        var spec = await WriteSpecAsync(zone, "pdns", "  - {name: www, type: A, value: 192.0.2.10}\n", ct);
        var config = await ConfigAsync(ct);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = servers.PowerDns.ApiKey, ["TERM"] = "xterm", ["COLUMNS"] = "120" };

        var piped = await Pguide(["dns", "apply", spec], ct);
        Assert.Equal(1, piped.ExitCode);
        Assert.Contains("not a terminal", piped.StandardError, StringComparison.Ordinal);

        foreach (var (answer, applied) in new[] { ("no", false), ("yes", true) })
        {
            var input = Path.Combine(_directory, answer + ".txt");
            await File.WriteAllTextAsync(input, answer + "\n", ct);
            var command = $"'dotnet' '{s_pguide}' 'dns' 'apply' '{spec}' '--config' '{config}'";
            // script forwards its standard input to the terminal it makes, so the answer is typed there.
            var run = await ProcessRunner.RunAsync("bash", ["-c", "script --quiet --return --command \"$0\" /dev/null < \"$1\"", command, input],
                TimeSpan.FromSeconds(60), ct, environment);
            Assert.Contains("Type yes to go on", run.StandardOutput.Replace("\u001b[1m", "", StringComparison.Ordinal).Replace("\u001b[0m", "", StringComparison.Ordinal),
                StringComparison.Ordinal);
            Assert.Equal(applied ? 0 : 1, run.ExitCode);
            Assert.Equal(applied ? ["192.0.2.10"] : [], await DigAsync("pdns", $"www.{zone}", "A", ct));
        }
    }

    [Fact]
    public async Task Invalid_specs_stop_plan_before_any_server_is_asked()
    {
        Prerequisites.RequirePrograms(DnsServersFixture.Programs);
        var ct = TestContext.Current.CancellationToken;
        var spec = await WriteSpecAsync("nowhere.test.", "pdns", "  - {name: www, type: A, value: 999.0.0.1}\n", ct);

        var plan = await Pguide(["dns", "plan", spec, "--detailed-exitcode"], ct);

        Assert.Equal(1, plan.ExitCode);
        Assert.Contains($"{spec}:5: error [value]", plan.StandardError, StringComparison.Ordinal);
        var check = await Pguide(["dns", "check", spec], ct);
        Assert.Equal(2, check.ExitCode);
    }

    private async Task<string> NewZoneAsync(string provider, string purpose, CancellationToken cancellationToken)
    {
        var zone = $"{purpose}-{provider}.test.";
        if (provider == "bind")
        {
            await servers.Bind.AddZoneAsync(zone, $"""
                $TTL 300
                @    IN SOA ns1.{zone} hostmaster.{zone} 1 3600 600 86400 300
                     IN NS  ns1.{zone}
                ns1  IN A   127.0.0.1
                """ + "\n", cancellationToken);
        }
        else
        {
            await servers.PowerDns.CreateZoneAsync(zone, cancellationToken);
        }

        return zone;
    }

    private async Task<string> WriteSpecAsync(string zone, string provider, string records, CancellationToken cancellationToken, string extra = "")
    {
        var directory = Path.Combine(_directory, "zones");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, zone + "yaml");
        await File.WriteAllTextAsync(path, $"zone: {zone}\nttl: 300\nprovider: {provider}\n{extra}records:\n{records.Replace("ZONE", zone, StringComparison.Ordinal)}", cancellationToken);
        return path;
    }

    private async Task<string> ConfigAsync(CancellationToken cancellationToken)
    {
        var config = Path.Combine(_directory, "pguide.yaml");
        await File.WriteAllTextAsync(config,
            $"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {servers.PowerDns.ApiUrl}\n      api-key: env:{KeyVariable}\n      server: 127.0.0.1:{servers.PowerDns.Port}\n" +
            $"    bind:\n      type: rfc2136\n      server: 127.0.0.1:{servers.Bind.Port}\n      zones: [life-bind.test, owners-bind.test, rails-bind.test, adopt-bind.test, signed-bind.test]\n" +
            $"      tsig-key-file: {servers.Bind.KeyFile}\n      rndc: {{server: 127.0.0.1:{servers.Bind.RndcPort}, key-file: {servers.Bind.RndcKeyFile}}}\n",
            cancellationToken);
        return config;
    }

    private async Task<ProcessResult> Pguide(string[] arguments, CancellationToken cancellationToken)
    {
        var config = await ConfigAsync(cancellationToken);
        string[] withConfig = arguments.Contains("--config") || arguments is ["dns", "check", ..] || arguments is ["dns", "import", _, "--from", "axfr" or "zonefile", ..]
            ? arguments
            : [.. arguments, "--config", config];
        return await ProcessRunner.RunAsync("dotnet", [s_pguide, .. withConfig], TimeSpan.FromSeconds(90), cancellationToken,
            new Dictionary<string, string>(StringComparer.Ordinal) { [KeyVariable] = servers.PowerDns.ApiKey });
    }

    private async Task<List<string>> DigAsync(string provider, string name, string type, CancellationToken cancellationToken)
    {
        var port = provider == "bind" ? servers.Bind.Port : servers.PowerDns.Port;
        var dig = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), name, type, "+short", "+norec"],
            TimeSpan.FromSeconds(30), cancellationToken);
        return [.. dig.EnsureExitCode().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }
}
