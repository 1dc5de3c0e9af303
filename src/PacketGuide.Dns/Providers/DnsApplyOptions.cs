namespace PacketGuide.Dns.Providers;

/// <summary>How a provider applies a change list: conditions that must hold first, and progress for long lists.</summary>
public sealed class DnsApplyOptions
{
    /// <summary>
    /// Conditions on the zone that must hold, or nothing is changed and the provider throws a
    /// <see cref="DnsProviderException"/> with <see cref="DnsProviderFailure.PreconditionFailed"/>. A change list split over
    /// several messages (RFC 2136, above 63 KB) has each condition checked by the message that changes its RRset (the
    /// others by the first), so each message applies whole or not at all.
    /// </summary>
    public IReadOnlyList<DnsPrecondition> Preconditions { get; init; } = [];

    /// <summary>Told the number of changes applied so far, after each request.</summary>
    public IProgress<int>? Progress { get; init; }
}
