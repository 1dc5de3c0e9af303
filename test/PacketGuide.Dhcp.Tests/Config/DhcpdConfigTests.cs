using System.Net;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

public sealed class DhcpdConfigTests
{
    [Fact]
    public async Task V4_fixture_gives_subnets_pools_shared_network_group_and_include()
    {
        var config = await DhcpConfigLoader.LoadAsync(ConfigFiles.Fixture("dhcpd.conf"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DhcpServerSoftware.Dhcpd, config.Software);
        Assert.Empty(config.Warnings);
        Assert.Equal(["dhcpd.conf", "dhcpd-included.conf"], config.Files.Select(Path.GetFileName));
        Assert.Equal(
            [("10.77.0.0/22", null, 763), ("10.78.0.0/24", null, 4), ("192.0.2.0/24", "campus", 100), ("198.51.100.0/25", "campus", 50),
             ("203.0.113.0/24", null, 10), ("172.16.0.0/16", null, 4094)],
            config.Subnets.Select(s => (s.Prefix.ToString(), s.SharedNetwork, (int)s.TotalAddresses)));
        Assert.All(config.Subnets, s => Assert.Null(s.Id));
        Assert.Equal("dhcpd-included.conf", Path.GetFileName(config.Subnets[5].Location.File));
        Assert.Equal(new ConfigLocation(config.Subnets[0].Location.File, 18, 3), config.Subnets[0].Pools[0].Location);
    }

    [Fact]
    public async Task V6_fixture_gives_range6_both_notations_prefix6_and_skips_temporary()
    {
        var config = await DhcpConfigLoader.LoadAsync(ConfigFiles.Fixture("dhcpd6.conf"), DhcpConfigFormat.Dhcpd, TestContext.Current.CancellationToken);

        Assert.Equal(
            [("2001:db8:77::/64", null), ("2001:db8:1::/48", null), ("2001:db8:10::/64", "lab-v6"), ("2001:db8:11::/64", "lab-v6")],
            config.Subnets.Select(s => (s.Prefix.ToString(), s.SharedNetwork)));
        Assert.Equal((UInt128)4096, config.Subnets[0].TotalAddresses);
        Assert.Equal((UInt128)65536, config.Subnets[0].TotalPrefixes);
        Assert.Equal(UInt128.One << 64, config.Subnets[1].TotalAddresses);
        Assert.Equal((UInt128)256, config.Subnets[2].TotalAddresses);
        Assert.Equal((UInt128)256, config.Subnets[3].TotalAddresses);
        Assert.Contains("temporary", Assert.Single(config.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_characters_inside_strings_do_not_start_comments()
    {
        using var files = new ConfigFiles();
        files.Write("dhcpd.conf", """
            option domain-name "a#b";   # a real comment { with a brace
            option domain-search "x\"#y", "z";
            subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.1 10.0.0.4; }   # }
            """);

        var config = files.Load("dhcpd.conf");

        Assert.Equal((UInt128)4, config.TotalAddresses);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Other_statements_are_ignored_whatever_their_shape()
    {
        using var files = new ConfigFiles();
        files.Write("dhcpd.conf", """
            failover peer "fo" { primary; address 10.0.0.1; port 647; peer address 10.0.0.2; peer port 647; mclt 3600; split 128; }
            key "k" { algorithm hmac-md5; secret "c2VjcmV0"; };
            zone example. { primary 127.0.0.1; key k; }
            on commit { set x = binary-to-ascii(10, 8, ".", leased-address); execute("/bin/true", x); }
            class "c" { match hardware; } subclass "c" 1:02:00:00:00:00:01;
            host h { hardware ethernet 02:00:00:00:00:01; fixed-address 10.0.0.5; }
            if exists agent.circuit-id { log(info, "relay"); } elsif known { } else { }
            subnet 10.0.0.0 netmask 255.255.255.0 {
              pool { failover peer "fo"; range 10.0.0.10 10.0.0.19; deny dynamic bootp clients; }
              if known { default-lease-time 60; }
            }
            """);

        var config = files.Load("dhcpd.conf");

        Assert.Equal((UInt128)10, config.TotalAddresses);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Includes_are_relative_to_the_including_file_and_cycles_are_errors()
    {
        using var files = new ConfigFiles();
        files.Write("etc/dhcpd.conf", "shared-network s {\n  include \"nets/a.conf\";\n}\n");
        files.Write("etc/nets/a.conf", "subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.1 10.0.0.2; }\n");

        var config = files.Load("etc/dhcpd.conf");
        Assert.Equal("s", Assert.Single(config.Subnets).SharedNetwork);

        files.Write("etc/nets/a.conf", "# loops\ninclude \"../dhcpd.conf\";\n");
        var error = files.Fails("etc/dhcpd.conf");
        Assert.Equal(("a.conf", 2, 1), (Path.GetFileName(error.Location.File), error.Location.Line, error.Location.Column));
        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.1 10.0.0.9;\n", 1, 39, "block is not closed")]
    [InlineData("option domain-name \"abc;\nsubnet 10.0.0.0 netmask 255.255.255.0 { }\n", 1, 20, "string is never closed")]
    [InlineData("subnet 10.0.0.0 netmask 255.255.255.0 { }\n}\n", 2, 1, "'}' without a matching '{'")]
    [InlineData("subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.1 10.0.0.9\n}\n", 2, 3, "does not end with ';'")]
    [InlineData("ddns-update-style none", 1, 1, "does not end with ';'")]
    [InlineData("include \"missing.conf\";", 1, 1, "included file not found")]
    [InlineData("include missing.conf;", 1, 1, "expected include \"FILE\"")]
    public void Broken_files_give_file_line_column(string text, int line, int column, string message)
    {
        using var files = new ConfigFiles();
        files.Write("dhcpd.conf", text);

        var error = files.Fails("dhcpd.conf", DhcpConfigFormat.Dhcpd);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.StartsWith($"{Path.Combine(files.Directory, "dhcpd.conf")}:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_ranges_and_subnets_are_warnings()
    {
        using var files = new ConfigFiles();
        files.Write("dhcpd.conf", """
            subnet 10.0.0.0 netmask 255.255.255.0 {
              range 10.0.0.50 10.0.0.40;
              range 10.0.1.1 10.0.1.5;
              range 10.0.0.1 10.0.0.3;
            }
            subnet 10.0.1.0 netmask 255.0.255.0 { range 10.0.1.1 10.0.1.5; }
            subnet 10.0.2.1 netmask 255.255.255.0 { }
            range 10.0.3.1 10.0.3.2;
            shared-network n { subnet 10.0.4.0 netmask 255.255.255.0 { } pool { range 10.0.5.1 10.0.5.2; } }
            """);

        var config = files.Load("dhcpd.conf");

        Assert.Equal((UInt128)3, config.TotalAddresses);
        Assert.Equal([2, 3, 6, 7, 8, 9], config.Warnings.Select(w => w.Location.Line));
        Assert.Contains("starts after it ends", config.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("outside subnet", config.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("not contiguous", config.Warnings[2].Message, StringComparison.Ordinal);
        Assert.Contains("bits set outside netmask", config.Warnings[3].Message, StringComparison.Ordinal);
        Assert.Contains("in no subnet of shared-network n", config.Warnings[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_and_non_utf8_bytes_do_not_crash()
    {
        using var files = new ConfigFiles();
        files.Write("deep.conf", string.Concat(Enumerable.Repeat("group { ", 10_000)));
        Assert.Contains("nested deeper", files.Fails("deep.conf").Message, StringComparison.Ordinal);

        files.Write("latin1.conf", "option domain-name \"caf\xE9\";\nsubnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.1 10.0.0.1; }\n"
            .Select(c => (byte)c).ToArray());
        var config = files.Load("latin1.conf");
        Assert.Equal(UInt128.One, config.TotalAddresses);
        Assert.Equal(1, Assert.Single(config.Warnings).Location.Line);
    }

    [Fact]
    public void Large_file_loads_quickly_and_finds_every_subnet()
    {
        using var files = new ConfigFiles();
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i =>
            $"subnet 10.{i / 256}.{i % 256}.0 netmask 255.255.255.0 {{ option routers 10.{i / 256}.{i % 256}.1; pool {{ range 10.{i / 256}.{i % 256}.10 10.{i / 256}.{i % 256}.19; }} }}\n"));
        files.Write("big.conf", text);

        var config = files.Load("big.conf");

        Assert.Equal(20_000, config.Subnets.Count);
        Assert.Equal((UInt128)200_000, config.TotalAddresses);
        Assert.Equal("10.77.32.0/24", config.FindPool(IPAddress.Parse("10.77.32.15"))!.Subnet.Prefix.ToString());
    }

    [Fact]
    public void Format_is_sniffed_past_leading_comments()
    {
        using var files = new ConfigFiles();
        Assert.Equal(DhcpConfigFormat.Kea, DhcpConfigLoader.Sniff(files.Write("a", "# c\n// d\n/* e */ {")));
        Assert.Equal(DhcpConfigFormat.Kea, DhcpConfigLoader.Sniff(files.Write("b", "<?include \"x\"?>")));
        Assert.Equal(DhcpConfigFormat.Dhcpd, DhcpConfigLoader.Sniff(files.Write("c", "# c\nsubnet 10.0.0.0 netmask 255.0.0.0 { }")));
        Assert.Equal(DhcpConfigFormat.Dhcpd, DhcpConfigLoader.Sniff(files.Write("d", "")));
        Assert.Throws<DhcpConfigException>(() => DhcpConfigLoader.Sniff(Path.Combine(files.Directory, "none")));
    }

    [Theory]
    [InlineData("dhcpd.conf", "include \"/dev/zero\";")]
    [InlineData("kea.conf", "{ \"Dhcp4\": { <?include \"/dev/zero\"?> } }")]
    public void An_endless_include_is_refused_at_the_size_limit(string name, string text)
    {
        if (!File.Exists("/dev/zero"))
        {
            Assert.Skip("no /dev/zero on this system");
        }

        using var files = new ConfigFiles();
        files.Write(name, text);

        var error = files.Fails(name);

        Assert.Contains("larger than 64 MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location.Line);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var files = new ConfigFiles();
        var path = files.Write("dhcpd.conf", "subnet 10.0.0.0 netmask 255.0.0.0 { }");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DhcpConfigLoader.LoadAsync(path, cancellationToken: cancelled.Token));
    }
}
