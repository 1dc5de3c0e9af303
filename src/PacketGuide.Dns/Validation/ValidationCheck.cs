namespace PacketGuide.Dns.Validation;

/// <summary>A check the validator runs: its stable id (used in every output and in <c>--skip</c>), its group and what it verifies.</summary>
public sealed record ValidationCheck(string Id, string Group, string Description);
