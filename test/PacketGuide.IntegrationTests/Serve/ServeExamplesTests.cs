using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Configuration;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>The configurations in examples/serve stay valid as the settings change.</summary>
public sealed class ServeExamplesTests
{
    [Theory]
    [InlineData("pguide.yaml", StorageProvider.Sqlite)]
    [InlineData("pguide-postgresql.yaml", StorageProvider.PostgreSql)]
    [InlineData("pguide-dns.yaml", StorageProvider.Sqlite)]
    public async Task Example_configurations_load(string file, StorageProvider provider)
    {
        var path = Path.Combine(RepositoryLayout.Root, "examples/serve", file);
        var environment = new Dictionary<string, string> { ["PGUIDE_DB"] = "Host=127.0.0.1;Username=u;Password=p;Database=d" };

        var options = await ServeConfigLoader.LoadAsync(path, environment.GetValueOrDefault, environment.Keys, TestContext.Current.CancellationToken);

        Assert.Equal(provider, options.Storage.Provider);
        Assert.Equal(["/var/log/kea/kea-dhcp4.log*"], options.Dhcp.Logs);
    }

    [Fact]
    public async Task The_dns_example_names_its_providers_specs_schedule_and_issuer()
    {
        var path = Path.Combine(RepositoryLayout.Root, "examples/serve/pguide-dns.yaml");

        var options = await ServeConfigLoader.LoadAsync(path, _ => null, [], TestContext.Current.CancellationToken);

        Assert.Equal(["pdns", "bind-primary"], options.Dns.Providers.Select(p => p.Name));
        Assert.Equal(["/etc/pguide/zones"], options.Dns.ZoneSpecs);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Dns.ValidateEvery);
        Assert.Equal("pguide", options.Security.Jwt?.Audience);
    }

    [Fact]
    public async Task The_alerting_example_has_its_rules_and_every_kind_of_channel()
    {
        var path = Path.Combine(RepositoryLayout.Root, "examples/alerting/pguide.yaml");

        var options = await ServeConfigLoader.LoadAsync(path, _ => null, [], TestContext.Current.CancellationToken);

        Assert.Equal(10, options.Alerting.Rules.Count);
        Assert.Equal(Enum.GetValues<PacketGuide.Alerting.Config.AlertChannelType>().Order(), options.Alerting.Channels.Select(c => c.Type).Order());
        Assert.Equal(0.75, options.Alerting.Rules.Single(r => r.Name == "pool-warning").Clear);
        Assert.Equal("https://pguide.example.net/", options.Alerting.DashboardUrl?.AbsoluteUri);
    }
}
