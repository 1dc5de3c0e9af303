namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>One "***Statistics for: NAME***" section of perfdhcp's report.</summary>
public sealed record PerfdhcpExchange(string Name, long Sent, long Received);
