namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// What <see cref="IDnssecManager.EnableAsync"/> or <see cref="IDnssecManager.DisableAsync"/> did (or, with a dry run,
/// would do).
/// </summary>
/// <param name="Zone">The zone (absolute).</param>
/// <param name="Changed">Something was (or would be) changed; false when the server already matched.</param>
/// <param name="DryRun">Nothing was sent.</param>
/// <param name="Actions">Each step in words, in order: <c>create CSK ECDSAP256SHA256 (active)</c>, <c>rndc addzone ...</c>.</param>
/// <param name="ManualStep">
/// What an operator must still do because pguide cannot (a zone defined in BIND's named.conf, a dnssec-policy named.conf
/// lacks): the exact text to add and the command to run. Null when nothing is left.
/// </param>
public sealed record DnssecChangeResult(string Zone, bool Changed, bool DryRun, IReadOnlyList<string> Actions, string? ManualStep = null);
