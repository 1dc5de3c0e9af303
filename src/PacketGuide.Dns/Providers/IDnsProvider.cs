namespace PacketGuide.Dns.Providers;

/// <summary>A DNS server or service whose records PacketGuide reads and changes: PowerDNS's API, RFC 2136, ...</summary>
public interface IDnsProvider
{
    /// <summary>The provider's name in pguide.yaml, for messages.</summary>
    string Name { get; }

    /// <summary>The zones the provider serves (absolute, trailing dot).</summary>
    Task<IReadOnlyList<string>> ZonesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every RRset of <paramref name="zone"/> (absolute, trailing dot).</summary>
    /// <exception cref="DnsProviderException">The zone does not exist, or the provider refused or failed.</exception>
    Task<IReadOnlyList<DnsRecordSet>> ListAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the server itself checks <see cref="DnsApplyOptions.Preconditions"/> together with the changes (RFC 2136
    /// prerequisites), so no other writer can slip in between; otherwise the provider checks just before it writes.
    /// </summary>
    bool PreconditionsAreAtomic { get; }

    /// <summary>Applies the changes to <paramref name="zone"/> in one request where the protocol allows.</summary>
    /// <exception cref="DnsProviderException">
    /// Nothing was changed: the message says why (bad content, no such zone, a precondition that does not hold, ...).
    /// </exception>
    Task ApplyAsync(string zone, IReadOnlyList<DnsChange> changes, DnsApplyOptions? options = null, CancellationToken cancellationToken = default);
}
