using PacketGuide.DhcpTestClient;

namespace PacketGuide.IntegrationTests;

public sealed class Probe
{
    [Fact]
    public void Works() => Assert.Equal(StandardScenario.DoraClients, 20);
}
