namespace PacketGuide.Dhcp.Analysis;

/// <summary>How often one client was refused (NAK) or refused an address (DECLINE).</summary>
public sealed record ClientTally(string Client, long Naks, long Declines);
