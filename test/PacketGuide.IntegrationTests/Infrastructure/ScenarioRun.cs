using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>One standard-scenario run: the client's counts and the parsed server log and lease file.</summary>
public sealed record ScenarioRun(ClientCounts Client, string LogPath, DhcpLogSummary Log, string LeasesPath, DhcpLogSummary Leases);
