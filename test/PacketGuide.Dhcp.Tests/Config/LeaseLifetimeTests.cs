using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

/// <summary>Lease lifetimes by scope: the lease tracker falls back to them when a log line carries none (dhcpd).</summary>
public sealed class LeaseLifetimeTests : IDisposable
{
    private readonly ConfigFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Kea_valid_lifetime_is_inherited_global_then_shared_network_then_subnet()
    {
        _files.Write("kea.conf", """
            { "Dhcp4": { "valid-lifetime": 4000,
                "subnet4": [ { "id": 1, "subnet": "10.0.1.0/24" }, { "id": 2, "subnet": "10.0.2.0/24", "valid-lifetime": 600 } ],
                "shared-networks": [ { "name": "campus", "valid-lifetime": 7200,
                    "subnet4": [ { "id": 3, "subnet": "10.0.3.0/24" }, { "id": 4, "subnet": "10.0.4.0/24", "valid-lifetime": 60 } ] } ] } }
            """);

        var config = _files.Load("kea.conf");

        Assert.Equal([4000L, 600L, 7200L, 60L], config.Subnets.Select(s => s.LeaseLifetime!.Value));
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Kea_without_valid_lifetime_has_none_and_a_bad_value_is_a_warning()
    {
        _files.Write("kea.conf", """{ "Dhcp4": { "subnet4": [ { "id": 1, "subnet": "10.0.1.0/24", "valid-lifetime": "one hour" } ] } }""");

        var config = _files.Load("kea.conf");

        Assert.Null(config.Subnets[0].LeaseLifetime);
        Assert.Contains("valid-lifetime \"one hour\"", Assert.Single(config.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dhcpd_default_lease_time_is_inherited_global_then_shared_network_then_subnet()
    {
        _files.Write("dhcpd.conf", """
            default-lease-time 3600;
            max-lease-time 7200;
            subnet 10.0.1.0 netmask 255.255.255.0 { range 10.0.1.10 10.0.1.20; }
            subnet 10.0.2.0 netmask 255.255.255.0 { default-lease-time 300; range 10.0.2.10 10.0.2.20; }
            shared-network campus {
              default-lease-time 86400;
              subnet 10.0.3.0 netmask 255.255.255.0 { range 10.0.3.10 10.0.3.20; }
            }
            subnet 10.0.4.0 netmask 255.255.255.0 { default-lease-time soon; }
            """);

        var config = _files.Load("dhcpd.conf");

        Assert.Equal([3600L, 300L, 86400L, 3600L], config.Subnets.Select(s => s.LeaseLifetime!.Value));
        Assert.Contains("default-lease-time soon", Assert.Single(config.Warnings).Message, StringComparison.Ordinal);
    }
}
