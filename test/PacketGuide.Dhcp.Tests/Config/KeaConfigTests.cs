using System.Net;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

public sealed class KeaConfigTests
{
    [Fact]
    public async Task Dhcp4_fixture_gives_subnets_shared_networks_includes_and_both_pool_notations()
    {
        var config = await DhcpConfigLoader.LoadAsync(ConfigFiles.Fixture("kea-dhcp4.conf"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DhcpServerSoftware.Kea, config.Software);
        Assert.Empty(config.Warnings);
        Assert.Equal(["kea-dhcp4.conf", "kea-dhcp4-subnets.json"], config.Files.Select(Path.GetFileName));
        Assert.Equal(
            [(1L, "10.77.0.0/22", null, 763), (2, "10.78.0.0/24", null, 67), (3, "172.16.0.0/16", null, 4094),
             (20, "192.0.2.0/24", "campus", 100), (21, "198.51.100.0/25", "campus", 95)],
            config.Subnets.Select(s => (s.Id!.Value, s.Prefix.ToString(), s.SharedNetwork, (int)s.TotalAddresses)));
        Assert.Equal((UInt128)(763 + 67 + 4094 + 100 + 95), config.TotalAddresses);

        // The included subnet's pool is located in the included file.
        var included = config.Subnets[2].Pools[0];
        Assert.Equal("kea-dhcp4-subnets.json", Path.GetFileName(included.Location.File));
        Assert.Equal(5, included.Location.Line);
        Assert.Equal("Dhcp4.subnet4[2].pools[0]", included.Location.JsonPath);
    }

    [Fact]
    public async Task Dhcp6_fixture_gives_pd_pools_and_the_shared_network_from_an_include()
    {
        var config = await DhcpConfigLoader.LoadAsync(ConfigFiles.Fixture("kea-dhcp6.conf"), DhcpConfigFormat.Kea, TestContext.Current.CancellationToken);

        Assert.Empty(config.Warnings);
        Assert.Equal([1L, 2, 10, 11], config.Subnets.Select(s => s.Id!.Value));
        Assert.Equal((UInt128)4096, config.Subnets[0].TotalAddresses);
        Assert.Equal((UInt128)65536, config.Subnets[0].TotalPrefixes);
        Assert.Equal(UInt128.One << 64, config.Subnets[1].TotalAddresses);
        Assert.Equal((UInt128)(65536 + 16), config.Subnets[1].TotalPrefixes);
        Assert.Equal(["lab-v6", "lab-v6"], config.Subnets.Skip(2).Select(s => s.SharedNetwork));
        Assert.Equal((UInt128)256, config.Subnets[3].TotalAddresses);
        Assert.Same(config.Subnets[3], config.FindPool(IPAddress.Parse("2001:db8:11::ff"))!.Subnet);
    }

    [Fact]
    public void Comment_markers_inside_strings_are_data_and_all_three_comment_styles_are_skipped()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", """
            # hash comment with "quote
            // slash comment {
            /* block
               comment } */ {
              "Dhcp4": { /* inline */ "option-data": [ { "name": "domain-name", "data": "a#b//c/*d*/" } ], # trailing
                "subnet4": [ { "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.1-10.0.0.2" } ] } ] // end
              }
            }
            """);

        var config = files.Load("kea.conf");

        Assert.Equal((UInt128)2, config.TotalAddresses);
    }

    [Fact]
    public void Includes_resolve_relative_to_the_including_file_not_the_working_directory()
    {
        using var files = new ConfigFiles();
        files.Write("etc/kea.conf", """{ "Dhcp4": { "subnet4": [ <?include "parts/a.json"?> ] } }""");
        files.Write("etc/parts/a.json", """{ "subnet": "10.0.0.0/24", "pools": [ { "pool": "10.0.0.0/30" } ] }, <?include "b.json"?>""");
        files.Write("etc/parts/b.json", """{ "subnet": "10.0.1.0/24", "pools": [ { "pool": "10.0.1.0/29" } ] }""");

        var config = files.Load("etc/kea.conf");

        Assert.Equal([4, 8], config.Subnets.Select(s => (int)s.TotalAddresses));
        Assert.Equal(3, config.Files.Count);
    }

    [Fact]
    public void Include_cycle_is_an_error_naming_the_chain_and_the_include_line()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", "{ \"Dhcp4\": {\n \"subnet4\": [ <?include \"a.json\"?> ] } }");
        files.Write("a.json", "\n\n<?include \"kea.conf\"?>");

        var error = files.Fails("kea.conf");

        Assert.Equal(("a.json", 3), (Path.GetFileName(error.Location.File), error.Location.Line));
        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("kea.conf -> ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_include_names_the_including_line()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", "{\n \"Dhcp4\": { <?include \"nope.json\"?> } }");

        var error = files.Fails("kea.conf");

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("included file not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"Dhcp4\": {\n /* never closed\n } }", 2, "comment '/*' is never closed")]
    [InlineData("{ \"Dhcp4\": {\n \"subnet4\": [ { \"subnet\": \"10.0.0.0/24 } ] } }", 2, "string is not closed")]
    [InlineData("{ \"Dhcp4\": {\n \"subnet4\": [ { \"subnet\": \"10.0.0.0/24\" }\n", 3, "invalid JSON")]
    [InlineData("{ \"Dhcp4\": {\n \"subnet4\": [ }\n } }", 2, "invalid JSON")]
    [InlineData("{ \"Dhcp4\": { <?include nope.json?> } }", 1, "expected <?include \"path\"?>")]
    [InlineData("{ \"Dhcp4\": { <?include \"nope.json\" > } }", 1, "expected '?>'")]
    [InlineData("{ \"Control-agent\": { } }", 0, "no Dhcp4 or Dhcp6")]
    [InlineData("[ 1, 2 ]", 0, "expected a JSON object")]
    public void Broken_files_give_a_clear_error_with_the_place(string text, int line, string message)
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", text);

        var error = files.Fails("kea.conf", DhcpConfigFormat.Kea);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(files.Directory, "kea.conf"), error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Location.Line);
    }

    [Fact]
    public void Json_error_after_an_include_maps_back_to_the_including_file()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", "{ \"Dhcp4\": {\n \"subnet4\": [ <?include \"a.json\"?> ],\n \"x\": nope } }");
        files.Write("a.json", "{ \"subnet\": \"10.0.0.0/24\" }\n");

        var error = files.Fails("kea.conf");

        Assert.Equal(("kea.conf", 3), (Path.GetFileName(error.Location.File), error.Location.Line));
    }

    [Fact]
    public void Bad_pools_are_warnings_with_their_place_and_are_not_counted()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", """
            { "Dhcp4": { "subnet4": [
              { "id": 1, "subnet": "10.0.0.0/24", "pools": [
                  { "pool": "10.0.0.200 - 10.0.0.100" },
                  { "pool": "10.0.1.1 - 10.0.1.9" },
                  { "pool": "banana" },
                  { "pool": "10.0.0.1 - 10.0.0.5" } ] },
              { "id": 1, "subnet": "10.9.0.1/24" },
              { "id": 3, "subnet": "2001:db8::/64" }
            ] } }
            """);

        var config = files.Load("kea.conf");

        Assert.Equal((UInt128)5, config.TotalAddresses);
        Assert.Equal(
            [(3, "starts after it ends"), (4, "outside subnet 10.0.0.0/24"), (5, "neither"), (7, "has bits set"), (8, "is not IPv4")],
            config.Warnings.Select(w => (w.Location.Line, Keyword(w.Message))));

        static string Keyword(string message) =>
            new[] { "starts after it ends", "outside subnet 10.0.0.0/24", "neither", "has bits set", "is not IPv4" }
                .First(k => message.Contains(k, StringComparison.Ordinal));
    }

    [Fact]
    public void Non_utf8_bytes_are_replaced_with_a_warning()
    {
        using var files = new ConfigFiles();
        var text = "{ \"Dhcp4\": {\n \"option-data\": [ { \"name\": \"domain-name\", \"data\": \"caf\xE9\" } ],\n \"subnet4\": [ { \"subnet\": \"10.0.0.0/24\" } ] } }";
        files.Write("kea.conf", text.Select(c => (byte)c).ToArray());

        var config = files.Load("kea.conf");

        Assert.Single(config.Subnets);
        Assert.Contains(config.Warnings, w => w.Location.Line == 2 && w.Message.Contains("not UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        using var files = new ConfigFiles();
        files.Write("kea.conf", "{ \"Dhcp4\": " + new string('[', 100_000) + new string(']', 100_000) + " }");

        var error = files.Fails("kea.conf");

        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }
}
