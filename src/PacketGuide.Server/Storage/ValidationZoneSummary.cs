namespace PacketGuide.Server.Storage;

/// <summary>One zone's result in a validation run, as listings show it: the worst severity, counts, signature expiry and serials.</summary>
/// <param name="Worst"><c>error</c>, <c>warning</c> or <c>info</c>; null when nothing was found.</param>
/// <param name="RrsigExpirySeconds">Seconds until the zone's first signature expires (negative: expired); null for an unsigned zone.</param>
/// <param name="Serials">The SOA serial each authoritative server gave.</param>
public sealed record ValidationZoneSummary(string Zone, IReadOnlyList<string> Servers, string? Worst, int Errors, int Warnings, int Infos,
    double? RrsigExpirySeconds, IReadOnlyDictionary<string, long> Serials)
{
    /// <summary>Serial steps each server is behind the newest (the validator's figure; empty in runs stored before it was kept).</summary>
    public IReadOnlyDictionary<string, long> SerialLag { get; init; } = new Dictionary<string, long>();
}
