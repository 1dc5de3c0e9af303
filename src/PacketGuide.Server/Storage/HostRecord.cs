namespace PacketGuide.Server.Storage;

/// <summary>An inventory host: what a team knows about a machine that DHCP and DNS do not say (owner, notes).</summary>
public sealed record HostRecord
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public string? Mac { get; init; }

    public string? Address { get; init; }

    public string? Owner { get; init; }

    public string? Notes { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; init; }

    /// <summary>Bumped by every update; the ETag, so two editors cannot overwrite each other (If-Match).</summary>
    public long Version { get; init; }
}
