namespace PacketGuide.Server.Storage;

/// <summary>One page of a listing and the cursor of the next (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
