using System.Text.Json;
using System.Text.RegularExpressions;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;
using PacketGuide.IntegrationTests.Infrastructure;

namespace PacketGuide.IntegrationTests.Deploy;

/// <summary>
/// deploy/terraform/modules/dns-zone parsed by HashiCorp's HCL parser (@cdktf/hcl2json, offline): every file and the
/// example tfvars parse, every variable used is declared, the TSIG secret is sensitive, every type TerraformExport
/// exports has its hashicorp/dns resource, a broken .tf is rejected with file:line, and tfvars that TerraformExport
/// wrote for a zone with every supported type and hostile TXT content parse back to exactly the records' text.
/// </summary>
public sealed partial class TerraformModuleTests
{
    private static readonly string s_module = Path.Combine(RepositoryLayout.Root, "deploy", "terraform", "modules", "dns-zone");

    private static async Task<JsonElement> ParseAsync(IReadOnlyList<string> files)
    {
        var result = (await LintScript.RunAsync("hcl2json.sh", files, TestContext.Current.CancellationToken)).EnsureExitCode();
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.Clone();
    }

    /// <summary>The real <c>pguide dns export</c> of the example zone spec: tfvars HashiCorp's parser reads, left-out types on stderr.</summary>
    [Fact]
    public async Task Pguide_dns_export_writes_tfvars_the_parser_reads_and_lists_what_it_left_out()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("pguide-export-").FullName;
        try
        {
            var tfvars = Path.Combine(directory, "example.com.tfvars");
            var result = await ProcessRunner.RunAsync("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "pguide.dll"), "dns", "export", "example.com", "--format", "terraform",
                 "--specs", Path.Combine(RepositoryLayout.Root, "examples", "dns", "zones"), "--out", tfvars],
                TimeSpan.FromSeconds(60), ct);

            Assert.Contains("left out example.com. CAA: hashicorp/dns has no resource for CAA records", result.EnsureExitCode().StandardError, StringComparison.Ordinal);
            var parsed = (await ParseAsync([tfvars])).GetProperty(tfvars);
            Assert.Equal("example.com", parsed.GetProperty("zone").GetString());
            var records = parsed.GetProperty("records").EnumerateArray().ToList();
            Assert.Contains(records, r => r.GetProperty("name").GetString() == "www" && r.GetProperty("type").GetString() == "A" && r.GetProperty("ttl").GetInt32() == 300);

            var missing = await ProcessRunner.RunAsync("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "pguide.dll"), "dns", "export", "nowhere.example", "--format", "terraform", "--specs", directory],
                TimeSpan.FromSeconds(60), ct);
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("no spec of nowhere.example.", missing.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_file_parses_and_the_structure_holds_together()
    {
        var tf = Directory.GetFiles(s_module, "*.tf").Order(StringComparer.Ordinal).ToList();
        var tfvars = Directory.GetFiles(Path.Combine(s_module, "examples"), "*.tfvars");
        Assert.Equal(["main.tf", "outputs.tf", "variables.tf", "versions.tf"], tf.Select(Path.GetFileName));
        Assert.NotEmpty(tfvars);
        Assert.True(File.Exists(Path.Combine(s_module, "README.md")));

        var parsed = await ParseAsync([.. tf, .. tfvars]);
        JsonElement Parsed(string name) => parsed.GetProperty(Path.Combine(s_module, name));

        var provider = Parsed("versions.tf").GetProperty("terraform")[0].GetProperty("required_providers")[0].GetProperty("dns");
        Assert.Equal("hashicorp/dns", provider.GetProperty("source").GetString());
        Assert.Matches(@"^~> \d+\.\d+$", provider.GetProperty("version").GetString());

        var variables = Parsed("variables.tf").GetProperty("variable");
        var declared = variables.EnumerateObject().Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["zone", "default_ttl", "records", "dns_server", "dns_port", "tsig_key_name", "tsig_key_algorithm", "tsig_key_secret"]), declared);
        Assert.True(variables.GetProperty("tsig_key_secret")[0].GetProperty("sensitive").GetBoolean());
        Assert.Equal(["tsig_key_secret"], variables.EnumerateObject().Where(v => v.Value[0].TryGetProperty("sensitive", out var s) && s.GetBoolean()).Select(v => v.Name));
        Assert.Contains("optional(number)", variables.GetProperty("records")[0].GetProperty("type").GetString(), StringComparison.Ordinal);

        // Every var.X and local.X used anywhere is declared.
        var main = Parsed("main.tf");
        var expressions = Strings(main).Concat(Strings(Parsed("outputs.tf"))).Concat(Strings(variables)).ToList();
        var usedVariables = expressions.SelectMany(e => VariableUse().Matches(e)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(declared, usedVariables);
        Assert.Equal(declared, usedVariables);
        var locals = main.GetProperty("locals").EnumerateArray().SelectMany(l => l.EnumerateObject()).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var usedLocals = expressions.SelectMany(e => LocalUse().Matches(e)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(locals, usedLocals);

        // Every type the export writes has its resource, driven by for_each over that type's RRsets, and nothing else.
        var resources = main.GetProperty("resource");
        Assert.Equal(TerraformExport.ResourceByType.Values.Order(StringComparer.Ordinal), resources.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var (type, resource) in TerraformExport.ResourceByType)
        {
            var body = resources.GetProperty(resource).GetProperty("this")[0];
            Assert.Equal($"${{local.by_type[\"{type}\"]}}", body.GetProperty("for_each").GetString());
            Assert.Equal("${local.fqdn}", body.GetProperty("zone").GetString());
        }

        var supported = main.GetProperty("locals").EnumerateArray().Select(l => l.TryGetProperty("supported_types", out var t) ? t : default)
            .Single(t => t.ValueKind == JsonValueKind.Array).EnumerateArray().Select(t => t.GetString());
        Assert.Equal(TerraformExport.ResourceByType.Keys.Order(StringComparer.Ordinal), supported.Order(StringComparer.Ordinal));

        var update = main.GetProperty("provider").GetProperty("dns")[0].GetProperty("update")[0];
        Assert.Equal("${var.tsig_key_secret}", update.GetProperty("key_secret").GetString());

        // The example tfvars sets only the spec's variables (server and key come from TF_VAR_*), and only supported types.
        foreach (var example in tfvars)
        {
            var values = parsed.GetProperty(example);
            Assert.Equal(["default_ttl", "records", "zone"], values.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.All(values.GetProperty("records").EnumerateArray(), r => Assert.True(TerraformExport.ResourceByType.ContainsKey(r.GetProperty("type").GetString()!)));
        }
    }

    [Theory]
    [InlineData("main.tf", "  ttl       = each.value.ttl\n}\n\nresource \"dns_aaaa_record_set\"", "  ttl       = each.value.ttl\n\nresource \"dns_aaaa_record_set\"")]
    [InlineData("variables.tf", "  sensitive   = true\n", "  sensitive   = \n")]
    [InlineData("examples/example.com.tfvars", "default_ttl = 3600\n", "default_ttl = \"3600\n")]
    public async Task A_broken_file_is_rejected_with_its_name_and_line(string file, string good, string bad)
    {
        await using var work = TestWorkDirectory.Create("hcl");
        var ct = TestContext.Current.CancellationToken;
        var text = await File.ReadAllTextAsync(Path.Combine(s_module, file), ct);
        Assert.Contains(good, text, StringComparison.Ordinal);
        var broken = work.File(Path.GetFileName(file));
        await File.WriteAllTextAsync(broken, text.Replace(good, bad, StringComparison.Ordinal), ct);
        var intact = Path.Combine(s_module, "outputs.tf");

        var result = await LintScript.RunAsync("hcl2json.sh", [intact, broken], ct);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        Assert.Matches($@"{Regex.Escape(broken)}:\d+,\d+", result.StandardError);
        Assert.DoesNotContain(intact + ":", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Exported_tfvars_parse_back_to_every_record_including_hostile_txt()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] hostile =
        [
            "plain text",
            "quote \" and backslash \\ and both \\\"",
            "${file(\"/etc/shadow\")} and %{ if true }x%{ endif }",
            "$${already escaped} $$${three} %%{two}",
            "\"] }]\nrecords = []\n# ",
            "tab\tcr\rnul\0 del\u007f ls\u2028 bom\ufeff",
            "café ☃ 😀",
            string.Concat(Enumerable.Repeat("0123456789", 60)),
        ];
        var sets = new List<DnsRecordSet>
        {
            new("example.com.", "SOA", 3600, ["ns1.example.com. hostmaster.example.com. 1 3600 600 86400 300"]),
            new("example.com.", "NS", 3600, ["ns1.example.com."]),
            new("example.com.", "MX", 300, ["10 mail.example.com."]),
            new("www.example.com.", "A", 3600, ["192.0.2.10", "192.0.2.11"]),
            new("www.example.com.", "AAAA", 3600, ["2001:db8::10"]),
            new("shop.example.com.", "CNAME", 3600, ["www.example.com."]),
            new("lab.example.com.", "NS", 86400, ["ns1.lab.example.com.", "ns2.lab.example.com."]),
            new("10.example.com.", "PTR", 3600, ["host.example.com."]),
            new("_sip._tcp.example.com.", "SRV", 3600, ["10 5 5060 sip.example.com."]),
            new("example.com.", "CAA", 3600, ["0 issue \"ca.example.net\""]),
            new("hostile.example.com.", "TXT", 60, [.. hostile.Select(Presentation)]),
        };

        var export = TerraformExport.ToTfvars("example.com.", 3600, sets);
        await using var work = TestWorkDirectory.Create("tfvars");
        var path = work.File("example.com.tfvars");
        await File.WriteAllTextAsync(path, export.Text, ct);

        var parsed = (await ParseAsync([path])).GetProperty(path);

        Assert.Equal(["SOA", "NS", "CAA"], export.Skipped.Select(s => s.Set.Type));
        Assert.Equal("example.com", parsed.GetProperty("zone").GetString());
        Assert.Equal(3600, parsed.GetProperty("default_ttl").GetInt32());
        var records = parsed.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(TerraformExport.ResourceByType.Keys.Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("type").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(sets.Count - export.Skipped.Count, records.Count);

        var txt = records.Single(r => r.GetProperty("type").GetString() == "TXT");
        Assert.Equal("hostile", txt.GetProperty("name").GetString());
        Assert.Equal(60, txt.GetProperty("ttl").GetInt32());
        var texts = txt.GetProperty("values").EnumerateArray().Select(v => LiteralTemplate(v.GetString()!)).ToList();
        Assert.Equal(hostile.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));

        var mx = records.Single(r => r.GetProperty("type").GetString() == "MX");
        Assert.Equal("@", mx.GetProperty("name").GetString());
        Assert.Equal(300, mx.GetProperty("ttl").GetInt32());
        Assert.False(records.Single(r => r.GetProperty("type").GetString() == "A").TryGetProperty("ttl", out _));
    }

    /// <summary>Zone-file presentation of one TXT record's text: quoted strings of at most 255 octets, \" \\ and \DDD.</summary>
    private static string Presentation(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var strings = bytes.Chunk(255).Select(chunk => "\"" + string.Concat(chunk.Select(b => b switch
        {
            (byte)'"' => "\\\"",
            (byte)'\\' => "\\\\",
            < 0x20 or >= 0x7f => "\\" + b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
            _ => ((char)b).ToString(),
        })) + "\"");
        return string.Join(' ', strings);
    }

    /// <summary>
    /// The value of an HCL template that must be a literal: <c>$${</c> and <c>%%{</c> are the escaped introducers; an
    /// unescaped <c>${</c> or <c>%{</c> would be an expression, which record content must never become.
    /// </summary>
    private static string LiteralTemplate(string template)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c is '$' or '%' && i + 2 < template.Length && template[i + 1] == c && template[i + 2] == '{')
            {
                text.Append(c).Append('{');
                i += 2;
                continue;
            }

            Assert.False(c is '$' or '%' && i + 1 < template.Length && template[i + 1] == '{', $"an expression at {i} in: {template}");
            text.Append(c);
        }

        return text.ToString();
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"\bvar\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex VariableUse();

    [GeneratedRegex(@"\blocal\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex LocalUse();
}
