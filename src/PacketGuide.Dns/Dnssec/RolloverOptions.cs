namespace PacketGuide.Dns.Dnssec;

/// <param name="DryRun">Say what the next step would do; change nothing.</param>
/// <param name="IgnoreWaits">Take the next step even if the TTL wait after the previous one has not passed (for tests and emergencies).</param>
public sealed record RolloverOptions(bool DryRun = false, bool IgnoreWaits = false);
