using System.Text.Json;

namespace PacketGuide.Server.Storage;

/// <summary>
/// One DNS validation run: who or what asked for it (<c>schedule</c> or <c>api</c>), its state (<c>queued</c>,
/// <c>running</c>, <c>done</c>, <c>failed</c>), and when done the per-zone summary and the full report (the
/// <c>pguide dns validate --json</c> document, version 1).
/// </summary>
public sealed record ValidationRunRecord
{
    public required long Id { get; init; }

    public required string Trigger { get; init; }

    /// <summary>The API key (its name) or token subject that asked; null for the schedule.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>Only these zones, when the request named some.</summary>
    public IReadOnlyList<string>? OnlyZones { get; init; }

    public required string State { get; init; }

    public required DateTimeOffset Requested { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>The worst severity found (null: nothing, or not done).</summary>
    public string? Worst { get; init; }

    /// <summary>Why the run failed (state <c>failed</c>).</summary>
    public string? Error { get; init; }

    public IReadOnlyList<ValidationZoneSummary>? Zones { get; init; }

    /// <summary>The full report; only when one run is asked for.</summary>
    public JsonElement? Report { get; init; }
}
